package dev.fakemail.internal.imap.protocol;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP response syntax into a Netty buffer: atoms, numbers, and strings as quoted strings or
 * literals by the same rule as the message views ({@code ImapStrings}, Dovecot's): quoted when
 * short, 7-bit, without CR, LF or NUL and with at most {@value #MAX_ESCAPES} characters to escape,
 * else a literal. Not thread-safe.
 */
public final class ImapWriter {
  static final int MAX_QUOTED = 1024;
  static final int MAX_ESCAPES = 4;

  private ByteBuf buf;

  public ImapWriter(ByteBuf buf) {
    this.buf = buf;
  }

  public ByteBuf buffer() {
    return buf;
  }

  /** Hands the buffer written so far to the caller and continues in a new one. */
  public ByteBuf swap(ByteBuf next) {
    ByteBuf b = buf;
    buf = next;
    return b;
  }

  public ImapWriter ascii(String text) {
    buf.writeCharSequence(text, StandardCharsets.US_ASCII);
    return this;
  }

  public ImapWriter sp() {
    buf.writeByte(' ');
    return this;
  }

  public ImapWriter number(long n) {
    return ascii(Long.toString(n));
  }

  public ImapWriter crlf() {
    buf.writeByte('\r').writeByte('\n');
    return this;
  }

  public ImapWriter bytes(byte[] bytes) {
    buf.writeBytes(bytes);
    return this;
  }

  /** A whole untagged or tagged line: {@code prefix SP text CRLF}. */
  public ImapWriter line(String prefix, String text) {
    return ascii(prefix).sp().utf8(text).crlf();
  }

  /** Text as UTF-8 (response text, which clients read as text). */
  public ImapWriter utf8(String text) {
    buf.writeCharSequence(text, StandardCharsets.UTF_8);
    return this;
  }

  /** A string: quoted or a literal. */
  public ImapWriter string(String value) {
    return string(value.getBytes(StandardCharsets.UTF_8));
  }

  public ImapWriter nstring(String value) {
    return value == null ? ascii("NIL") : string(value);
  }

  public ImapWriter string(byte[] value) {
    if (quotable(value)) {
      buf.writeByte('"');
      for (byte b : value) {
        if (b == '"' || b == '\\') {
          buf.writeByte('\\');
        }
        buf.writeByte(b);
      }
      buf.writeByte('"');
      return this;
    }
    return literal(value);
  }

  /** An astring: an atom when every character may stand in one, else {@link #string}. */
  public ImapWriter astring(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    boolean atom = bytes.length > 0 && !value.equalsIgnoreCase("NIL");
    for (byte b : bytes) {
      if (!ImapReader.isAstringChar(b)) {
        atom = false;
        break;
      }
    }
    return atom ? bytes(bytes) : string(bytes);
  }

  public ImapWriter literal(byte[] bytes) {
    ascii("{").number(bytes.length).ascii("}").crlf();
    buf.writeBytes(bytes);
    return this;
  }

  /** A literal of {@code size} bytes read from the stream, straight into the buffer. */
  public ImapWriter literal(InputStream in, long size) {
    ascii("{").number(size).ascii("}").crlf();
    buf.ensureWritable((int) size);
    try (in) {
      long left = size;
      while (left > 0) {
        int n = buf.writeBytes(in, (int) Math.min(left, 1 << 20));
        if (n < 0) {
          throw new IllegalStateException("message shorter than its size");
        }
        left -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  static boolean quotable(byte[] value) {
    if (value.length > MAX_QUOTED) {
      return false;
    }
    int escapes = 0;
    for (byte b : value) {
      if (b <= 0 || b == '\r' || b == '\n') {
        return false; // NUL, CR, LF and 8-bit bytes (negative) need a literal
      }
      if ((b == '"' || b == '\\') && ++escapes > MAX_ESCAPES) {
        return false;
      }
    }
    return true;
  }
}
