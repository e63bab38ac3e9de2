package dev.fakemail.internal.imap.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP values (RFC 3501 §4): {@code NIL}, quoted strings and literals. A string is quoted
 * when it is short, 7-bit and has no CR, LF or NUL; otherwise it goes out as a literal {@code
 * {n}CRLF<bytes>}, so raw UTF-8 headers and long values are never mangled.
 *
 * <p>Shared by the IMAP protocol code (responses) and the message views (ENVELOPE, BODYSTRUCTURE).
 * Stateless.
 */
public final class ImapStrings {
  /** Strings longer than this are sent as literals even when they could be quoted. */
  static final int MAX_QUOTED = 1024;

  private ImapStrings() {}

  /** {@code NIL} for {@code null}, else {@link #string}. */
  public static void nstring(ByteArrayOutputStream out, String value) {
    if (value == null) {
      ascii(out, "NIL");
    } else {
      string(out, value);
    }
  }

  /** A quoted string or a literal holding the value's UTF-8 bytes. */
  public static void string(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (quotable(bytes)) {
      out.write('"');
      for (byte b : bytes) {
        if (b == '"' || b == '\\') {
          out.write('\\');
        }
        out.write(b);
      }
      out.write('"');
    } else {
      literal(out, bytes);
    }
  }

  /** A literal: {@code {n}CRLF} followed by the bytes. */
  public static void literal(ByteArrayOutputStream out, byte[] bytes) {
    ascii(out, "{" + bytes.length + "}\r\n");
    out.write(bytes, 0, bytes.length);
  }

  /** ASCII text as is (atoms, numbers, parentheses). */
  public static void ascii(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    out.write(bytes, 0, bytes.length);
  }

  private static boolean quotable(byte[] bytes) {
    if (bytes.length > MAX_QUOTED) {
      return false;
    }
    for (byte b : bytes) {
      if (b <= 0 || b == '\r' || b == '\n') { // negative: 8-bit
        return false;
      }
    }
    return true;
  }
}
