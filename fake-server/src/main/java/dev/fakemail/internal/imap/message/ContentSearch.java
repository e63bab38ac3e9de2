package dev.fakemail.internal.imap.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * The content tests of SEARCH over a message in its wire form: header values decoded (RFC 2047, raw
 * UTF-8), bodies decoded (transfer encoding, then charset), compared with {@link Text#fold}. As
 * Dovecot: BODY looks at the text/* and message/* bodies of every part (attached messages included)
 * but at no header; TEXT adds every header of every part, as {@code Name: value}.
 */
final class ContentSearch {
  private final byte[] wire;
  private final String folded;

  private ContentSearch(byte[] wire, String text) {
    this.wire = wire;
    this.folded = Text.fold(text);
  }

  /** Whether a field of this name in the header {@code header} contains the text. */
  static boolean header(byte[] header, String fieldName, String text) {
    String folded = Text.fold(text);
    for (HeaderFields.Field f : HeaderFields.split(header, 0, header.length)) {
      if (f.is(fieldName) && (folded.isEmpty() || matches(f.searchValue(header), folded))) {
        return true;
      }
    }
    return false;
  }

  static boolean body(byte[] wire, Part root, String text) {
    return new ContentSearch(wire, text).inBodies(root);
  }

  static boolean text(byte[] wire, Part root, String text) {
    ContentSearch s = new ContentSearch(wire, text);
    return s.inHeaders(root) || s.inBodies(root);
  }

  private boolean inHeaders(Part p) {
    for (HeaderFields.Field f : HeaderFields.split(wire, p.start, p.bodyStart)) {
      if (matches(f.name() + ": " + f.searchValue(wire), folded)) {
        return true;
      }
    }
    if (p.kind == Part.Kind.MULTIPART) {
      for (Part child : p.children) {
        if (inHeaders(child)) {
          return true;
        }
      }
    } else if (p.kind == Part.Kind.MESSAGE) {
      return inHeaders(p.message());
    }
    return false;
  }

  private boolean inBodies(Part p) {
    switch (p.kind) {
      case MULTIPART:
        for (Part child : p.children) {
          if (inBodies(child)) {
            return true;
          }
        }
        return false;
      case MESSAGE:
        return inBodies(p.message());
      case TEXT:
        return bodyMatches(p);
      default:
        return !p.overflow && p.content != null && p.content.typeIs("message") && bodyMatches(p);
    }
  }

  private boolean bodyMatches(Part p) {
    String charset = p.content == null || p.textFallback ? null : p.content.charset();
    String cte = p.content == null ? null : p.content.transferEncodingText();
    if (cte != null) {
      byte[] decoded = transferDecoded(p, cte.toLowerCase(Locale.ROOT));
      if (decoded != null) {
        return Text.containsFolded(decoded, 0, decoded.length, charset, folded);
      }
    }
    // 7bit, 8bit, binary or unknown: the bytes as they are
    return Text.containsFolded(wire, p.bodyStart, p.bodyEnd, charset, folded);
  }

  /** The body without its transfer encoding, or null when it has none we know. */
  private byte[] transferDecoded(Part p, String cte) {
    InputStream raw = new ByteArrayInputStream(wire, p.bodyStart, p.bodyEnd - p.bodyStart);
    try {
      switch (cte) {
        case "base64":
          return new Base64InputStream(raw, DecodeMonitor.SILENT).readAllBytes();
        case "quoted-printable":
          return new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT).readAllBytes();
        default:
          return null;
      }
    } catch (IOException | RuntimeException e) {
      return null; // undecodable: search what is there
    }
  }

  private static boolean matches(String haystack, String foldedNeedle) {
    return Text.containsFolded(haystack, foldedNeedle);
  }
}
