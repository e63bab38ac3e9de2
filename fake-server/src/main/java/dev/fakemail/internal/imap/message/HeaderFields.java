package dev.fakemail.internal.imap.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one header section in the wire form (every line ends with CRLF): where each field
 * starts and ends (with its folded continuation lines), its name, and its value as Dovecot hands it
 * to ENVELOPE and BODYSTRUCTURE — white space after the colon skipped, continuation lines joined
 * with a bare LF, trailing white space kept.
 *
 * <p>A line without a colon is a field with an empty name (a header section has no other way to end
 * than a blank line); an over-long name (more than 1,000 bytes) likewise.
 */
final class HeaderFields {
  private static final int MAX_NAME = 1000;

  private HeaderFields() {}

  /** One field: bytes {@code [start, end)} of the section, the colon at {@code colon} or -1. */
  static final class Field {
    final int start;
    final int end;
    private final int colon;
    private final String name;

    Field(int start, int end, int colon, String name) {
      this.start = start;
      this.end = end;
      this.colon = colon;
      this.name = name;
    }

    /** The name as written, without white space before the colon; "" when there is none. */
    String name() {
      return name;
    }

    boolean is(String fieldName) {
      return name.equalsIgnoreCase(fieldName);
    }

    boolean nameStartsWith(String prefix) {
      return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * The value: white space after the colon skipped (all of it, or one byte when there is nothing
     * else), each continuation line after a bare LF, without line endings.
     */
    byte[] value(byte[] b) {
      return value(b, false);
    }

    /**
     * {@link #value(byte[])}; with {@code dropBareCr}, without the bare CRs before a line ending,
     * as Dovecot's header cache (from which it builds a message's own ENVELOPE) has them.
     */
    byte[] value(byte[] b, boolean dropBareCr) {
      ByteBuilder v = new ByteBuilder(end - start);
      int lineStart = start;
      boolean first = true;
      while (lineStart < end) {
        int lineEnd = lineEnd(b, lineStart, end);
        int contentEnd =
            dropBareCr ? valueEnd(b, lineStart, lineEnd) : contentEnd(b, lineStart, lineEnd);
        if (first) {
          int from = colon < 0 ? lineStart : colon + 1;
          int skip = from;
          while (skip < contentEnd && (b[skip] == ' ' || b[skip] == '\t')) {
            skip++;
          }
          if (skip == contentEnd && contentEnd > from) {
            skip = from + 1; // only white space: keep all but the first
          }
          v.append(b, skip, contentEnd);
          first = false;
        } else {
          v.append('\n').append(b, lineStart, contentEnd);
        }
        lineStart = lineEnd;
      }
      return v.toByteArray();
    }

    /** {@link #value}, with a NUL as U+FFFD: the form of the strings ENVELOPE quotes. */
    byte[] text(byte[] b, boolean dropBareCr) {
      byte[] v = value(b, dropBareCr);
      for (byte c : v) {
        if (c == 0) {
          ByteBuilder t = new ByteBuilder(v.length + 8);
          for (byte d : v) {
            if (d == 0) {
              Rfc822Lexer.appendReplacement(t);
            } else {
              t.append(d);
            }
          }
          return t.toByteArray();
        }
      }
      return v;
    }

    /**
     * The value on one line as SEARCH reads it: continuation lines joined directly, a tab that
     * starts one becoming a space.
     */
    String searchValue(byte[] b) {
      ByteBuilder v = new ByteBuilder(end - start);
      int lineStart = start;
      boolean first = true;
      while (lineStart < end) {
        int lineEnd = lineEnd(b, lineStart, end);
        int contentEnd = valueEnd(b, lineStart, lineEnd);
        if (first) {
          int from = colon < 0 ? lineStart : colon + 1;
          while (from < contentEnd && (b[from] == ' ' || b[from] == '\t')) {
            from++;
          }
          v.append(b, from, contentEnd);
          first = false;
        } else if (lineStart < contentEnd) {
          v.append(b[lineStart] == '\t' ? (byte) ' ' : b[lineStart]);
          v.append(b, lineStart + 1, contentEnd);
        }
        lineStart = lineEnd;
      }
      return Text.decodeHeaderBytes(v.toByteArray());
    }
  }

  /** The fields of the section in {@code b[from, to)}, up to its blank line if it has one. */
  static List<Field> split(byte[] b, int from, int to) {
    List<Field> fields = new ArrayList<>();
    int fieldStart = -1;
    int colon = -1;
    String name = null;
    int pos = from;
    while (pos < to) {
      int lineEnd = lineEnd(b, pos, to);
      int contentEnd = contentEnd(b, pos, lineEnd);
      if (contentEnd == pos) {
        break; // the blank line
      }
      boolean continuation = fieldStart >= 0 && (b[pos] == ' ' || b[pos] == '\t');
      if (!continuation) {
        if (fieldStart >= 0) {
          fields.add(new Field(fieldStart, pos, colon, name));
        }
        fieldStart = pos;
        colon = indexOf(b, (byte) ':', pos, contentEnd);
        int nameEnd = colon;
        while (nameEnd > pos && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
          nameEnd--;
        }
        if (colon < 0 || nameEnd - pos > MAX_NAME) {
          colon = -1;
          name = "";
        } else {
          name = new String(b, pos, nameEnd - pos, StandardCharsets.ISO_8859_1);
        }
      }
      pos = lineEnd;
    }
    if (fieldStart >= 0) {
      fields.add(new Field(fieldStart, pos, colon, name));
    }
    return fields;
  }

  /** The first field with this name, ignoring case, or {@code null}. */
  static Field first(List<Field> fields, String name) {
    for (Field f : fields) {
      if (f.is(name)) {
        return f;
      }
    }
    return null;
  }

  /** After the LF that ends the line at {@code pos}, or {@code to}. */
  static int lineEnd(byte[] b, int pos, int to) {
    for (int i = pos; i < to; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return to;
  }

  /** The end of the line's content: before its CRLF (or LF), or the line end. */
  static int contentEnd(byte[] b, int lineStart, int lineEnd) {
    int e = lineEnd;
    if (e > lineStart && b[e - 1] == '\n') {
      e--;
      if (e > lineStart && b[e - 1] == '\r') {
        e--;
      }
    }
    return e;
  }

  /** {@link #contentEnd} without the bare CRs before the line ending (Dovecot drops them). */
  private static int valueEnd(byte[] b, int lineStart, int lineEnd) {
    int e = contentEnd(b, lineStart, lineEnd);
    if (e < lineEnd) {
      while (e > lineStart && b[e - 1] == '\r') {
        e--;
      }
    }
    return e;
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
