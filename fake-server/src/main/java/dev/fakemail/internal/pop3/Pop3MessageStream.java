package dev.fakemail.internal.pop3;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored message in POP3's wire form (RFC 1939 §3), ready to follow a {@code +OK} line: every
 * line ends with CRLF, a line that starts with {@code .} gets a second one, and the final {@code
 * .CRLF} ends it. Optionally only the header and the first {@code n} body lines (TOP).
 *
 * <p>Bytes pass through unchanged with two exceptions that make the wire form valid: a bare LF
 * (from a hand-typed SMTP session or a {@code .eml} file with Unix line endings) gets a CR before
 * it, and a last line without a line ending gets one. A bare CR elsewhere is left alone: it does
 * not end a line for POP3 clients. So a message stored with CRLF line endings comes back byte for
 * byte after the client undoes the dot-stuffing.
 *
 * <p>Reads the source in blocks and writes into the caller's buffer, so a large message streams
 * through Netty's {@code ChunkedWriteHandler} without a second copy of it in memory.
 */
final class Pop3MessageStream extends InputStream {
  private final InputStream source;
  private final long bodyLineLimit; // -1: the whole message
  private final byte[] block = new byte[8192];
  private int blockPos;
  private int blockLen;
  private boolean sourceDone;

  // what the encoder has to write before reading on
  private final byte[] pending = new byte[8];
  private int pendingPos;
  private int pendingLen;

  private boolean lineStart = true;
  private boolean previousCr;
  private int lineLength; // bytes of the current line other than CR
  private boolean inBody;
  private long bodyLines;
  private boolean stopped; // TOP has all the lines it wants
  private boolean finished; // the terminator is in pending

  /**
   * @param source the stored message
   * @param bodyLineLimit how many body lines to write after the header, or -1 for all
   */
  Pop3MessageStream(InputStream source, long bodyLineLimit) {
    this.source = source;
    this.bodyLineLimit = bodyLineLimit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (pendingPos < pendingLen) {
        int k = Math.min(len - n, pendingLen - pendingPos);
        System.arraycopy(pending, pendingPos, b, off + n, k);
        pendingPos += k;
        n += k;
        continue;
      }
      if (finished) {
        break;
      }
      if (stopped || !fill()) {
        finish();
        continue;
      }
      // copy a run of ordinary bytes at once, then handle the special one after it
      while (n < len && blockPos < blockLen && !stopped) {
        byte c = block[blockPos];
        if (c == '\n' || c == '\r' || (lineStart && c == '.')) {
          blockPos++;
          special(c);
          break;
        }
        int end = blockPos + 1;
        int max = blockPos + (len - n);
        while (end < blockLen && end < max) {
          byte d = block[end];
          if (d == '\n' || d == '\r') {
            break;
          }
          end++;
        }
        int k = end - blockPos;
        System.arraycopy(block, blockPos, b, off + n, k);
        blockPos = end;
        n += k;
        lineLength += k;
        lineStart = false;
        previousCr = false;
      }
    }
    return n == 0 && finished && pendingPos >= pendingLen ? -1 : n;
  }

  /** One of the bytes that need thought: LF, CR, or a dot at the start of a line. */
  private void special(byte c) {
    if (c == '.' && lineStart) {
      push((byte) '.');
      push((byte) '.');
      lineStart = false;
      previousCr = false;
      lineLength++;
      return;
    }
    if (c == '\r') {
      push((byte) '\r');
      lineStart = false;
      previousCr = true;
      return;
    }
    // LF
    if (!previousCr) {
      push((byte) '\r');
    }
    push((byte) '\n');
    endOfLine();
  }

  private void endOfLine() {
    if (!inBody) {
      if (lineLength == 0) {
        inBody = true;
        if (bodyLineLimit == 0) {
          stopped = true;
        }
      }
    } else {
      bodyLines++;
      if (bodyLineLimit >= 0 && bodyLines >= bodyLineLimit) {
        stopped = true;
      }
    }
    lineStart = true;
    previousCr = false;
    lineLength = 0;
  }

  private void finish() {
    if (!lineStart) {
      if (!previousCr) {
        push((byte) '\r');
      }
      push((byte) '\n');
      lineStart = true;
    }
    push((byte) '.'); // the terminator, RFC 1939 §3
    push((byte) '\r');
    push((byte) '\n');
    finished = true;
  }

  private void push(byte c) {
    if (pendingPos == pendingLen) {
      pendingPos = 0;
      pendingLen = 0;
    }
    pending[pendingLen++] = c;
  }

  /** Whether there is source left to read, reading the next block if needed. */
  private boolean fill() throws IOException {
    if (blockPos < blockLen) {
      return true;
    }
    if (sourceDone) {
      return false;
    }
    int r = source.read(block, 0, block.length);
    if (r < 0) {
      sourceDone = true;
      return false;
    }
    blockPos = 0;
    blockLen = r;
    return true;
  }

  /**
   * A lower bound of what can be read without blocking, and 0 only at the end: Netty's {@code
   * ChunkedStream} sizes chunks with it and takes 0 to mean "look for the end".
   */
  @Override
  public int available() throws IOException {
    int pendingBytes = pendingLen - pendingPos;
    if (finished || stopped) {
      return pendingBytes;
    }
    long more = (long) pendingBytes + (blockLen - blockPos) + source.available();
    return (int) Math.min(Integer.MAX_VALUE, more);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
