package dev.fakemail.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fakemail.Address;
import dev.fakemail.Attachment;
import dev.fakemail.Envelope;
import dev.fakemail.Header;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.mime.MimeParser;
import dev.fakemail.internal.mime.MimeStructure;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.MailboxMessage;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The JSON of messages: the summary of a list item and the detail of one message. */
final class MessageJson {
  /** The longest snippet, in characters. */
  static final int SNIPPET_LENGTH = 160;

  private MessageJson() {}

  /** A list item; with {@code raw}, the stored bytes in base64 too. */
  static void summary(JsonGenerator g, ReceivedMail m, boolean raw) throws IOException {
    g.writeStartObject();
    summaryFields(g, m);
    if (raw) {
      g.writeFieldName("raw");
      byte[] bytes = m.raw();
      g.writeBinary(bytes, 0, bytes.length);
      // what a client needs to rebuild the ReceivedMail, transcript() included
      if (m.transcript().isPresent()) {
        g.writeFieldName("transcript");
        TranscriptJson.transcript(g, m.transcript().get());
      }
    }
    g.writeEndObject();
  }

  private static void summaryFields(JsonGenerator g, ReceivedMail m) throws IOException {
    g.writeStringField("id", m.id());
    g.writeStringField("receivedAt", Json.instant(m.receivedAt()));
    envelope(g, m.envelope());
    addresses(g, "from", m.from());
    addresses(g, "to", m.to());
    addresses(g, "cc", m.cc());
    g.writeStringField("subject", m.subject());
    g.writeNumberField("size", m.size());
    g.writeNumberField("attachmentCount", m.attachments().size());
    g.writeStringField("snippet", snippet(m));
    Json.stringOrNull(g, "transcriptId", m.transcript().map(t -> t.id()).orElse(null));
  }

  /** The detail of one message: the summary's fields and everything else. */
  static void detail(JsonGenerator g, ReceivedMail m, List<MailboxPlace> places)
      throws IOException {
    g.writeStartObject();
    summaryFields(g, m);
    addresses(g, "bcc", m.bcc());
    addresses(g, "replyTo", m.replyTo());
    Json.stringOrNull(g, "messageId", m.messageId().orElse(null));
    Json.stringOrNull(g, "date", m.date().map(Json::dateTime).orElse(null));
    g.writeArrayFieldStart("headers");
    for (Header h : m.headers()) {
      g.writeStartObject();
      g.writeStringField("name", h.name());
      g.writeStringField("value", h.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    Json.stringOrNull(g, "text", m.text().orElse(null));
    Json.stringOrNull(g, "html", m.html().orElse(null));
    g.writeArrayFieldStart("attachments");
    List<Attachment> attachments = m.attachments();
    for (int i = 0; i < attachments.size(); i++) {
      Attachment a = attachments.get(i);
      g.writeStartObject();
      g.writeNumberField("index", i);
      Json.stringOrNull(g, "name", a.name().isEmpty() ? null : a.name());
      g.writeStringField("contentType", a.contentType());
      g.writeNumberField("size", a.size());
      Json.stringOrNull(g, "contentId", a.contentId().orElse(null));
      g.writeBooleanField("inline", a.inline());
      g.writeStringField("sha256", sha256(a.bytes()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("mime");
    mime(g, MimeParser.structure(m.raw()));
    g.writeArrayFieldStart("mailboxes");
    for (MailboxPlace p : places) {
      g.writeStartObject();
      g.writeStringField("address", p.address);
      g.writeStringField("folder", p.folder);
      g.writeNumberField("uid", p.message.uid());
      g.writeArrayFieldStart("flags");
      for (String f : flagNames(p.message.flags())) {
        g.writeString(f);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Where a message sits in a mailbox. */
  static final class MailboxPlace {
    final String address;
    final String folder;
    final MailboxMessage message;

    MailboxPlace(String address, String folder, MailboxMessage message) {
      this.address = address;
      this.folder = folder;
      this.message = message;
    }
  }

  static List<String> flagNames(Flags flags) {
    List<String> names = new java.util.ArrayList<>();
    for (Flags.SystemFlag f : Flags.SystemFlag.values()) {
      if (flags.has(f)) {
        names.add(f.imapName());
      }
    }
    names.addAll(flags.keywords());
    return names;
  }

  private static void mime(JsonGenerator g, MimeStructure part) throws IOException {
    g.writeStartObject();
    g.writeStringField("contentType", part.contentType());
    g.writeNumberField("size", part.size());
    g.writeArrayFieldStart("parts");
    for (MimeStructure child : part.parts()) {
      mime(g, child);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static void envelope(JsonGenerator g, Envelope e) throws IOException {
    g.writeObjectFieldStart("envelope");
    g.writeStringField("mailFrom", e.mailFrom());
    g.writeArrayFieldStart("recipients");
    for (String r : e.recipients()) {
      g.writeString(r);
    }
    g.writeEndArray();
    g.writeStringField("heloName", e.heloName());
    String host = e.clientAddress().getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    g.writeStringField("clientAddress", host + ":" + e.clientAddress().getPort());
    Envelope.Tls tls = e.tls().orElse(null);
    if (tls == null) {
      g.writeNullField("tls");
    } else {
      g.writeObjectFieldStart("tls");
      g.writeStringField("mode", tls.mode().name());
      g.writeStringField("protocol", tls.protocol());
      g.writeStringField("cipherSuite", tls.cipherSuite());
      g.writeEndObject();
    }
    Json.stringOrNull(g, "authenticatedUser", e.authenticatedUser().orElse(null));
    Json.stringOrNull(g, "authMechanism", e.authMechanism().orElse(null));
    g.writeObjectFieldStart("mailParameters");
    for (Map.Entry<String, String> p : e.mailParameters().entrySet()) {
      g.writeStringField(p.getKey(), p.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  static void addresses(JsonGenerator g, String field, List<Address> addresses) throws IOException {
    g.writeArrayFieldStart(field);
    for (Address a : addresses) {
      g.writeStartObject();
      Json.stringOrNull(g, "name", a.name().orElse(null));
      g.writeStringField("address", a.address());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * The first {@value #SNIPPET_LENGTH} characters of the text body, or of the HTML body's text,
   * with runs of whitespace collapsed to one space.
   */
  static String snippet(ReceivedMail m) {
    String text = m.text().orElse(null);
    if (text == null) {
      text = m.html().map(MessageJson::htmlToText).orElse("");
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), SNIPPET_LENGTH));
    boolean space = false;
    for (int i = 0; i < text.length() && sb.length() < SNIPPET_LENGTH; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
          if (sb.length() >= SNIPPET_LENGTH) {
            break;
          }
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The text of HTML, roughly: no script or style content, no tags, a few entities decoded. */
  static String htmlToText(String html) {
    String s =
        html.replaceAll("(?is)<(script|style|head)\\b[^>]*>.*?</\\1\\s*>", " ")
            .replaceAll("(?s)<!--.*?-->", " ")
            .replaceAll("(?s)<[^>]*>", " ");
    return s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
