package dev.fakemail.internal.imap.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP values (RFC 3501 §4): {@code NIL}, quoted strings and literals. A string is quoted
 * when it is short, 7-bit, has no CR, LF or NUL and at most {@value #MAX_ESCAPES} characters that
 * need a backslash (Dovecot's rule: beyond that a literal is shorter); otherwise it goes out as a
 * literal {@code {n}CRLF<bytes>}, so raw UTF-8 headers and long values are never mangled.
 *
 * <p>Shared by the IMAP protocol code (responses) and the message views (ENVELOPE, BODYSTRUCTURE),
 * which also use the byte-level variants below: header values are written as the bytes that were
 * received, whatever their charset. Stateless.
 */
public final class ImapStrings {
  /** Strings longer than this are sent as literals even when they could be quoted. */
  static final int MAX_QUOTED = 1024;

  /** More {@code "} and {@code \} than this and a literal is used instead of escaping them. */
  static final int MAX_ESCAPES = 4;

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
    ByteBuilder b = new ByteBuilder(value.length() + 8);
    string(b, value.getBytes(StandardCharsets.UTF_8));
    out.write(b.toByteArray(), 0, b.length());
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

  // --- byte-level variants for the message views ---

  /** {@code NIL} for {@code null}, else {@link #string(ByteBuilder, byte[])}. */
  static void nstring(ByteBuilder out, byte[] value) {
    if (value == null) {
      out.ascii("NIL");
    } else {
      string(out, value);
    }
  }

  /** A quoted string or a literal holding exactly these bytes. */
  static void string(ByteBuilder out, byte[] value) {
    if (quotable(value)) {
      out.append('"');
      for (byte b : value) {
        if (b == '"' || b == '\\') {
          out.append('\\');
        }
        out.append(b);
      }
      out.append('"');
    } else {
      literal(out, value, 0, value.length);
    }
  }

  static void literal(ByteBuilder out, byte[] value, int from, int to) {
    out.append('{').number(to - from).ascii("}\r\n").append(value, from, to);
  }

  /**
   * A header value that may hold folding line breaks (Content-ID, Message-ID, Date…): each CR and
   * LF is dropped, and a space takes its place where the next line does not start with one. As
   * Dovecot's {@code imap_append_nstring_nolf}.
   */
  static void nstringUnfolded(ByteBuilder out, byte[] value) {
    if (value == null || (indexOf(value, (byte) '\r') < 0 && indexOf(value, (byte) '\n') < 0)) {
      nstring(out, value);
      return;
    }
    ByteBuilder unfolded = new ByteBuilder(value.length);
    for (int i = 0; i < value.length; i++) {
      byte c = value[i];
      if (c != '\r' && c != '\n') {
        unfolded.append(c);
      } else if (i + 1 < value.length) {
        byte next = value[i + 1];
        if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
          unfolded.append(' ');
        }
      }
    }
    string(out, unfolded.toByteArray());
  }

  /**
   * Text meant for people (Subject, display names): every run of white space, folding line breaks
   * included, becomes one space, leading and trailing white space goes, a NUL becomes 0x80. Sent
   * quoted only when nothing had to change and nothing needs escaping, otherwise as a literal; all
   * white space is {@code ""}. As Dovecot's {@code imap_append_string_for_humans}.
   */
  static void stringForHumans(ByteBuilder out, byte[] value) {
    if (value.length <= MAX_QUOTED && plainForHumans(value)) {
      out.append('"').append(value).append('"');
      return;
    }
    ByteBuilder clean = new ByteBuilder(value.length);
    boolean pendingSpace = false;
    for (byte c : value) {
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pendingSpace = clean.length() > 0;
        continue;
      }
      if (pendingSpace) {
        clean.append(' ');
        pendingSpace = false;
      }
      clean.append(c == 0 ? (byte) 0x80 : c);
    }
    if (clean.length() == 0) {
      out.ascii("\"\"");
    } else {
      literal(out, clean.toByteArray(), 0, clean.length());
    }
  }

  private static boolean plainForHumans(byte[] value) {
    boolean previousSpace = true; // a leading space is a change
    for (byte c : value) {
      if (c == ' ') {
        if (previousSpace) {
          return false;
        }
        previousSpace = true;
      } else if (c <= 0 || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\\') {
        return false;
      } else {
        previousSpace = false;
      }
    }
    return value.length == 0 || !previousSpace;
  }

  private static boolean quotable(byte[] bytes) {
    if (bytes.length > MAX_QUOTED) {
      return false;
    }
    int escapes = 0;
    for (byte b : bytes) {
      if (b <= 0 || b == '\r' || b == '\n') { // negative: 8-bit
        return false;
      }
      if ((b == '"' || b == '\\') && ++escapes > MAX_ESCAPES) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
