package dev.fakemail.internal.imap.message;

import dev.fakemail.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The form in which IMAP sends a stored message: every line ends with CRLF (a bare LF gets a CR, a
 * last line without a line ending gets one, exactly as {@code MailboxMessage#canonicalSize()}
 * counts) and a NUL, which an IMAP literal may not hold (RFC 3501 §4.3, CHAR8), is sent as 0x80, as
 * Dovecot does. A bare CR inside a line is left alone. Everything else is byte for byte what was
 * stored.
 *
 * <p>Most messages arrive over SMTP with CRLF already; for them the wire form is the stored bytes,
 * which {@link #of} detects in one pass so that {@link ImapMessageView#full()} copies them once.
 */
final class WireForm {
  /** The stored bytes are already the wire form. */
  static final int AS_STORED = 0;

  /** Line endings or NULs need rewriting. */
  static final int REWRITE = 1;

  private WireForm() {}

  /**
   * The wire size and {@link #AS_STORED} or {@link #REWRITE}, packed as {@code size << 1 | kind}:
   * one volatile long in the view, never torn.
   */
  static long scan(ReceivedMail mail) {
    Scanner s = new Scanner();
    byte[] buffer = new byte[8192];
    try (InputStream in = mail.rawStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        s.feed(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not throw
    }
    return s.finish();
  }

  /** {@link #scan} of bytes already in memory. */
  static long scan(byte[] raw) {
    Scanner s = new Scanner();
    s.feed(raw, 0, raw.length);
    return s.finish();
  }

  static long size(long scan) {
    return scan >>> 1;
  }

  static boolean asStored(long scan) {
    return (scan & 1) == AS_STORED;
  }

  /** The wire form of {@code raw}, whose {@link #scan} said {@link #REWRITE}. */
  static byte[] rewrite(byte[] raw, long scan) {
    return rewrite(raw, scan, (byte) 0x80);
  }

  /**
   * The CRLF form of {@code raw} with its NULs left in: what the MIME parser reads, since a NUL in
   * a header means something else than 0x80 there (see {@link Rfc822Lexer}).
   */
  static byte[] crlfKeepingNul(byte[] raw, long scan) {
    return rewrite(raw, scan, (byte) 0);
  }

  private static byte[] rewrite(byte[] raw, long scan, byte nul) {
    long size = size(scan);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("message too large: " + size + " bytes");
    }
    byte[] out = new byte[(int) size];
    int o = 0;
    byte previous = 0;
    for (byte b : raw) {
      if (b == '\n' && previous != '\r') {
        out[o++] = '\r';
      }
      out[o++] = b == 0 ? nul : b;
      previous = b;
    }
    if (raw.length > 0 && previous != '\n') {
      if (previous != '\r') {
        out[o++] = '\r';
      }
      out[o++] = '\n';
    }
    return out;
  }

  /** The wire form as a stream over the stored bytes, converting as it goes. */
  static InputStream rewriting(InputStream raw) {
    return new RewritingStream(raw);
  }

  private static final class Scanner {
    private long size;
    private boolean rewrite;
    private byte previous;
    private boolean any;

    void feed(byte[] b, int from, int to) {
      byte prev = previous;
      boolean changes = false;
      long extra = 0;
      for (int i = from; i < to; i++) {
        byte c = b[i];
        if (c == '\n') {
          if (prev != '\r') {
            extra++;
            changes = true;
          }
        } else if (c == 0) {
          changes = true;
        }
        prev = c;
      }
      if (to > from) {
        any = true;
        previous = prev;
      }
      size += (to - from) + extra;
      rewrite |= changes;
    }

    long finish() {
      long total = size;
      boolean change = rewrite;
      if (any && previous != '\n') {
        total += previous == '\r' ? 1 : 2;
        change = true;
      }
      return total << 1 | (change ? REWRITE : AS_STORED);
    }
  }

  /** Reads the stored bytes and hands out the wire form. */
  private static final class RewritingStream extends InputStream {
    private final InputStream source;
    private final byte[] block = new byte[8192];
    private int blockPos;
    private int blockLen;
    private final byte[] pending = new byte[2];
    private int pendingPos;
    private int pendingLen;
    private byte previous;
    private boolean any;
    private boolean sourceDone;
    private boolean finished;

    RewritingStream(InputStream source) {
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingPos < pendingLen) {
          out[off + n++] = pending[pendingPos++];
          continue;
        }
        if (blockPos == blockLen && !fill()) {
          if (finished) {
            break;
          }
          finished = true;
          pendingPos = 0;
          pendingLen = 0;
          if (any && previous != '\n') {
            if (previous != '\r') {
              pending[pendingLen++] = '\r';
            }
            pending[pendingLen++] = '\n';
          }
          continue;
        }
        // copy the run up to the next LF or NUL at once, then handle that byte
        int runEnd = blockPos;
        int limit = Math.min(blockLen, blockPos + (len - n));
        while (runEnd < limit && block[runEnd] != '\n' && block[runEnd] != 0) {
          runEnd++;
        }
        if (runEnd > blockPos) {
          int k = runEnd - blockPos;
          System.arraycopy(block, blockPos, out, off + n, k);
          n += k;
          blockPos = runEnd;
          previous = block[runEnd - 1];
          any = true;
          continue;
        }
        byte c = block[blockPos++];
        any = true;
        if (c == '\n' && previous != '\r') {
          out[off + n++] = '\r';
          pending[0] = '\n';
          pendingPos = 0;
          pendingLen = 1;
        } else {
          out[off + n++] = c == 0 ? (byte) 0x80 : c;
        }
        previous = c;
      }
      return n == 0 ? -1 : n;
    }

    private boolean fill() throws IOException {
      if (sourceDone) {
        return false;
      }
      int r = source.read(block, 0, block.length);
      if (r <= 0) {
        sourceDone = true;
        return false;
      }
      blockPos = 0;
      blockLen = r;
      return true;
    }
  }
}
