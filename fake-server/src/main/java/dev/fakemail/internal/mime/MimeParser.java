package dev.fakemail.internal.mime;

import dev.fakemail.Attachment;
import dev.fakemail.Header;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.BinaryBody;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.FieldName;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The only place that reads MIME. Headers are split by hand (cheap, exact, never fails); bodies are
 * parsed with Apache James Mime4j in its most permissive mode. Nothing here throws on bad input:
 * what cannot be understood is reported as absent.
 */
public final class MimeParser {
  private static final MimeConfig CONFIG =
      MimeConfig.custom()
          .setMaxLineLen(-1)
          .setMaxHeaderLen(-1)
          .setMaxHeaderCount(-1)
          .setMaxContentLen(-1)
          .setStrictParsing(false)
          .build();

  private MimeParser() {}

  /** Splits and decodes the header section. */
  public static ParsedHeaders parseHeaders(byte[] raw) {
    List<Header> headers = new ArrayList<>();
    List<String> rawValues = new ArrayList<>();
    int pos = 0;
    int n = raw.length;
    String name = null;
    StringBuilder value = null;
    while (pos < n) {
      int eol = indexOf(raw, (byte) '\n', pos);
      int lineEnd = eol < 0 ? n : eol;
      int next = eol < 0 ? n : eol + 1;
      int contentEnd = lineEnd > pos && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (contentEnd == pos) {
        pos = next; // the blank line that ends the header section
        break;
      }
      byte first = raw[pos];
      if ((first == ' ' || first == '\t') && name != null) {
        value.append(decodeBytes(raw, pos, contentEnd - pos)); // folded continuation
      } else {
        if (name != null) {
          add(headers, rawValues, name, value);
          name = null;
        }
        int colon = indexOf(raw, (byte) ':', pos, contentEnd);
        if (colon > pos && isFieldName(raw, pos, colon)) {
          name = new String(raw, pos, colon - pos, StandardCharsets.US_ASCII).trim();
          value = new StringBuilder(decodeBytes(raw, colon + 1, contentEnd - colon - 1));
        } else if (headers.isEmpty() && name == null && !looksLikeMboxFrom(raw, pos, contentEnd)) {
          // Not a header at all: a message without a header section starts its body here.
          break;
        }
      }
      pos = next;
    }
    if (name != null) {
      add(headers, rawValues, name, value);
    }
    return new ParsedHeaders(headers, rawValues, Math.min(pos, n));
  }

  private static void add(
      List<Header> headers, List<String> rawValues, String name, StringBuilder value) {
    String raw = value.toString().trim();
    rawValues.add(raw);
    headers.add(Header.of(name, decodeEncodedWords(raw)));
  }

  private static boolean isFieldName(byte[] raw, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = raw[i];
      if (b <= 32 || b >= 127) {
        // RFC 5322 ftext is printable US-ASCII without ':'; allow trailing blanks ("Subject :").
        for (int j = i; j < to; j++) {
          if (raw[j] != ' ' && raw[j] != '\t') {
            return false;
          }
        }
        return i > from;
      }
    }
    return true;
  }

  private static boolean looksLikeMboxFrom(byte[] raw, int from, int to) {
    return to - from > 5 && new String(raw, from, 5, StandardCharsets.US_ASCII).equals("From ");
  }

  static String decodeEncodedWords(String value) {
    if (!value.contains("=?")) {
      return value;
    }
    try {
      return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    } catch (RuntimeException e) {
      return value;
    }
  }

  /** Parses the body: text, HTML and attachments. */
  public static ParsedBody parseBody(byte[] raw) {
    if (parseHeaders(raw).all().isEmpty()) {
      // No header section: Mime4j would take the first lines (up to a blank one) for headers
      // and lose them; the header view already treats everything from the first line as body.
      return fallbackBody(raw);
    }
    try {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setMimeEntityConfig(CONFIG);
      builder.setDecodeMonitor(DecodeMonitor.SILENT);
      Message message = builder.parseMessage(new ByteArrayInputStream(raw));
      try {
        BodyCollector collector = new BodyCollector();
        collector.walk(message, false);
        return collector.result();
      } finally {
        message.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return fallbackBody(raw);
    }
  }

  /**
   * The MIME tree of a message. Lenient like the rest: a message no parser reads is one {@code
   * text/plain} leaf of its body's size.
   */
  public static MimeStructure structure(byte[] raw) {
    if (!parseHeaders(raw).all().isEmpty()) {
      try {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        Message message = builder.parseMessage(new ByteArrayInputStream(raw));
        try {
          return structure(message);
        } finally {
          message.dispose();
        }
      } catch (IOException | RuntimeException e) {
        // below
      }
    }
    int offset = parseHeaders(raw).bodyOffset();
    return new MimeStructure("text/plain", raw.length - offset, List.of());
  }

  private static MimeStructure structure(Entity entity) throws IOException {
    Body body = entity.getBody();
    String type = entity.getMimeType().toLowerCase(Locale.ROOT);
    List<MimeStructure> parts = new ArrayList<>();
    if (body instanceof Multipart) {
      for (Entity part : ((Multipart) body).getBodyParts()) {
        parts.add(structure(part));
      }
    } else if (body instanceof Message) {
      parts.add(structure((Message) body));
    } else if (body instanceof SingleBody) {
      return new MimeStructure(type, readBytes((SingleBody) body).length, List.of());
    }
    long size = 0;
    for (MimeStructure p : parts) {
      size += p.size();
    }
    return new MimeStructure(type, size, parts);
  }

  /**
   * Whatever follows the header section, as text: better than nothing for a message no parser
   * reads.
   */
  private static ParsedBody fallbackBody(byte[] raw) {
    int offset = parseHeaders(raw).bodyOffset();
    return new ParsedBody(
        normaliseLineEndings(decodeText(raw, offset, raw.length - offset, null)), null, List.of());
  }

  private static final class BodyCollector {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private boolean hasText;
    private boolean hasHtml;
    private final List<Attachment> attachments = new ArrayList<>();

    void walk(Entity entity, boolean insideRelated) throws IOException {
      Body body = entity.getBody();
      if (body instanceof Multipart) {
        Multipart multipart = (Multipart) body;
        boolean related = "related".equalsIgnoreCase(multipart.getSubType());
        for (Entity part : multipart.getBodyParts()) {
          walk(part, insideRelated || related);
        }
        return;
      }
      String mimeType = entity.getMimeType();
      String disposition = entity.getDispositionType();
      String fileName = fileName(entity);
      boolean attachment = "attachment".equalsIgnoreCase(disposition);
      boolean isRoot = entity.getParent() == null;
      if (body instanceof Message) {
        attachments.add(
            Attachment.of(
                fileName,
                "message/rfc822",
                write((Message) body),
                isInline(disposition),
                contentId(entity)));
        return;
      }
      if (!attachment && fileName == null && body instanceof SingleBody) {
        if ("text/plain".equals(mimeType)) {
          appendText(text, hasText, readText(entity, (SingleBody) body));
          hasText = true;
          return;
        }
        if ("text/html".equals(mimeType)) {
          appendText(html, hasHtml, readText(entity, (SingleBody) body));
          hasHtml = true;
          return;
        }
        if (isRoot && mimeType.startsWith("text/")) {
          // a single-part text/calendar, text/csv… message: its content is the text body
          appendText(text, hasText, readText(entity, (SingleBody) body));
          hasText = true;
          return;
        }
      }
      if (body instanceof SingleBody) {
        boolean inline =
            isInline(disposition)
                || (disposition == null && insideRelated && contentId(entity) != null);
        attachments.add(
            Attachment.of(
                fileName, mimeType, readBytes((SingleBody) body), inline, contentId(entity)));
      }
    }

    ParsedBody result() {
      return new ParsedBody(
          hasText ? normaliseLineEndings(text.toString()) : null,
          hasHtml ? normaliseLineEndings(html.toString()) : null,
          attachments);
    }

    private static void appendText(StringBuilder sb, boolean already, String content) {
      if (already && sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
        sb.append('\n');
      }
      sb.append(content);
    }
  }

  private static boolean isInline(String disposition) {
    return "inline".equalsIgnoreCase(disposition);
  }

  private static String fileName(Entity entity) {
    String name = null;
    try {
      name = entity.getFilename();
    } catch (RuntimeException e) {
      // unparseable Content-Disposition: try the Content-Type name below
    }
    if (name == null || name.isBlank()) {
      Field field = entity.getHeader().getField(FieldName.CONTENT_TYPE);
      if (field instanceof ContentTypeField) {
        name = ((ContentTypeField) field).getParameter("name");
      }
    }
    if (name == null || name.isBlank()) {
      return null;
    }
    return decodeEncodedWords(name.trim());
  }

  private static String contentId(Entity entity) {
    Field field = entity.getHeader().getField("Content-ID");
    if (field == null || field.getBody() == null) {
      return null;
    }
    String id = field.getBody().trim();
    if (id.startsWith("<") && id.endsWith(">")) {
      id = id.substring(1, id.length() - 1);
    }
    return id.isBlank() ? null : id;
  }

  private static byte[] readBytes(SingleBody body) throws IOException {
    if (body instanceof BinaryBody || body instanceof TextBody) {
      try (InputStream in = body.getInputStream()) {
        return in.readAllBytes();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.writeTo(out);
    return out.toByteArray();
  }

  private static byte[] write(Message message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DefaultMessageWriter().writeMessage(message, out);
    return out.toByteArray();
  }

  private static String readText(Entity entity, SingleBody body) throws IOException {
    byte[] bytes = readBytes(body);
    return decodeText(bytes, 0, bytes.length, entity.getCharset());
  }

  /**
   * Bytes to text in the declared charset. With no charset, US-ASCII or one this JVM lacks, the
   * bytes are read as UTF-8 when they are valid UTF-8 (raw 8-bit mail nearly always is) and as
   * windows-1252 otherwise, so no byte is ever lost to a replacement character without need.
   */
  static String decodeText(byte[] bytes, int offset, int length, String declaredCharset) {
    Charset charset = charset(declaredCharset);
    if (charset != null) {
      return new String(bytes, offset, length, charset);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, offset, length, windows1252());
    }
  }

  private static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("us-ascii") || n.equals("ascii") || n.equals("utf-8") || n.equals("utf8")) {
      return null; // decodeText tries strict UTF-8 (a superset of ASCII) with a fallback
    }
    try {
      return Charset.forName(n);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Charset windows1252() {
    try {
      return Charset.forName("windows-1252");
    } catch (RuntimeException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }

  /** Header bytes to text: UTF-8 when valid (RFC 6532), else windows-1252 / ISO-8859-1. */
  private static String decodeBytes(byte[] raw, int offset, int length) {
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      if (raw[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(raw, offset, length, StandardCharsets.US_ASCII);
    }
    return decodeText(raw, offset, length, null);
  }

  static String normaliseLineEndings(String s) {
    if (s.indexOf('\r') < 0) {
      return s;
    }
    return s.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static int indexOf(byte[] a, byte b, int from) {
    return indexOf(a, b, from, a.length);
  }

  private static int indexOf(byte[] a, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
