package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Content-* fields of one MIME entity, as BODYSTRUCTURE reports them: raw bytes as written
 * (case kept, no decoding), the first field of each kind winning. Immutable once parsed.
 */
final class ContentFields {
  /** Type and subtype, or null when there is no Content-Type or it could not be read. */
  byte[] type;

  byte[] subtype;

  /** A Content-Type field was there but broken (RFC 2045 §5.2: treat as text/plain). */
  boolean invalidType;

  List<MimeParams.Param> params = List.of();
  byte[] id;
  byte[] description;
  byte[] transferEncoding;
  byte[] md5;
  byte[] disposition;
  List<MimeParams.Param> dispositionParams = List.of();
  List<byte[]> language;
  byte[] location;

  /** The Content-* fields among these; null values where absent. */
  static ContentFields parse(byte[] b, List<HeaderFields.Field> fields) {
    ContentFields c = new ContentFields();
    boolean seenType = false;
    boolean seenId = false;
    boolean seenMd5 = false;
    boolean seenDescription = false;
    boolean seenLocation = false;
    for (HeaderFields.Field f : fields) {
      if (!f.nameStartsWith("Content-")) {
        continue;
      }
      String n = f.name().substring("Content-".length());
      if (n.equalsIgnoreCase("Type")) {
        if (!seenType) {
          seenType = true;
          c.contentType(f.value(b));
        }
      } else if (n.equalsIgnoreCase("Transfer-Encoding")) {
        if (c.transferEncoding == null) {
          c.transferEncoding = transferEncoding(f.value(b));
        }
      } else if (n.equalsIgnoreCase("ID")) {
        if (!seenId) {
          seenId = true;
          c.id = f.text(b, false);
        }
      } else if (n.equalsIgnoreCase("MD5")) {
        if (!seenMd5) {
          seenMd5 = true;
          c.md5 = f.text(b, false);
        }
      } else if (n.equalsIgnoreCase("Description")) {
        if (!seenDescription) {
          seenDescription = true;
          c.description = f.text(b, false);
        }
      } else if (n.equalsIgnoreCase("Location")) {
        if (!seenLocation) {
          seenLocation = true;
          c.location = f.text(b, false);
        }
      } else if (n.equalsIgnoreCase("Language")) {
        if (c.language == null) {
          c.language = language(f.value(b));
        }
      } else if (n.equalsIgnoreCase("Disposition")) {
        // a later field replaces one without parameters (as Dovecot)
        if (c.dispositionParams.isEmpty()) {
          c.disposition(f.value(b));
        }
      }
    }
    return c;
  }

  boolean typeIs(String t) {
    return type != null && new String(type, StandardCharsets.ISO_8859_1).equalsIgnoreCase(t);
  }

  boolean subtypeIs(String t) {
    return subtype != null && new String(subtype, StandardCharsets.ISO_8859_1).equalsIgnoreCase(t);
  }

  /** The charset parameter, or null. */
  String charset() {
    return MimeParams.value(params, "charset");
  }

  /** The boundary parameter, or null. */
  byte[] boundary() {
    for (MimeParams.Param p : params) {
      if (p.is("boundary")) {
        return p.value;
      }
    }
    return null;
  }

  String transferEncodingText() {
    return transferEncoding == null
        ? null
        : new String(transferEncoding, StandardCharsets.ISO_8859_1);
  }

  private void contentType(byte[] value) {
    Rfc822Lexer in = new Rfc822Lexer(value, false);
    ByteBuilder t = new ByteBuilder(16);
    ByteBuilder s = new ByteBuilder(16);
    if (!typeAndSubtype(in, t, s)) {
      invalidType = true;
      return;
    }
    type = t.toByteArray();
    subtype = s.toByteArray();
    params = MimeParams.parse(in);
  }

  /** {@code type "/" subtype}, then the end or a {@code ;}. */
  private static boolean typeAndSubtype(Rfc822Lexer in, ByteBuilder type, ByteBuilder subtype) {
    if (in.skipCfws() <= 0) {
      return false;
    }
    if (in.token(type) <= 0 || type.length() == 0 || !in.at('/')) {
      return false;
    }
    in.skip();
    if (in.skipCfws() <= 0) {
      return false;
    }
    return in.token(subtype) >= 0 && subtype.length() > 0 && (in.atEnd() || in.at(';'));
  }

  private static byte[] transferEncoding(byte[] value) {
    Rfc822Lexer in = new Rfc822Lexer(value, false);
    in.skipCfws();
    ByteBuilder t = new ByteBuilder(16);
    if (in.token(t) >= 0 && in.skipCfws() == 0 && t.length() > 0) {
      return t.toByteArray();
    }
    return null;
  }

  private void disposition(byte[] value) {
    Rfc822Lexer in = new Rfc822Lexer(value, false);
    in.skipCfws();
    ByteBuilder t = new ByteBuilder(16);
    if (in.token(t) < 0) {
      return;
    }
    disposition = t.toByteArray();
    dispositionParams = MimeParams.parse(in);
  }

  private static List<byte[]> language(byte[] value) {
    Rfc822Lexer in = new Rfc822Lexer(value, false);
    List<byte[]> tags = new ArrayList<>(2);
    in.skipCfws();
    ByteBuilder t = new ByteBuilder(16);
    while (in.atom(t) >= 0) {
      tags.add(t.toByteArray());
      t.truncate(0);
      if (!in.at(',')) {
        break;
      }
      in.skip();
      in.skipCfws();
    }
    return tags.isEmpty() ? null : tags;
  }
}
