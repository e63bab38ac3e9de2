package dev.fakemail.internal.imap.protocol;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames IMAP client input into whole commands (RFC 3501 §2.2): a command is one line, or several
 * lines joined by literals. A line ending in a synchronising literal {@code {n}} makes the decoder
 * ask for a continuation ({@link Continue}) before the client sends the n bytes; a
 * non-synchronising literal {@code {n+}} (LITERAL+, RFC 7888) is read at once. Bytes may arrive
 * split anywhere.
 *
 * <p>Limits: a line (without its CRLF) longer than {@code maxLineLength} is discarded up to its end
 * and reported as {@link LineTooLong}; a literal larger than {@code maxLiteralSize} is refused as
 * {@link LiteralTooBig}: a synchronising one before the client sends it, a non-synchronising one
 * after its bytes and the rest of its command were read and dropped, so the next command is read in
 * step again and the connection survives.
 *
 * <p>A state machine that only consumes bytes it has decided about; not thread-safe (one per
 * connection, used on its event loop). Netty-free except for the input buffer, so it is tested
 * without sockets.
 */
public final class ImapFrameDecoder {
  /** What the decoder produced. */
  public interface Frame {}

  /**
   * A whole command: its bytes without the final CRLF, literals kept in place as {@code {n}CRLF<n
   * bytes>} (or {@code {n+}}).
   */
  public static final class Command implements Frame {
    private final byte[] bytes;

    Command(byte[] bytes) {
      this.bytes = bytes;
    }

    public byte[] bytes() {
      return bytes;
    }

    @Override
    public String toString() {
      return "Command[" + new String(bytes, StandardCharsets.ISO_8859_1) + "]";
    }
  }

  /** The client waits for a continuation request before it sends a synchronising literal. */
  public static final class Continue implements Frame {
    static final Continue INSTANCE = new Continue();

    @Override
    public String toString() {
      return "Continue";
    }
  }

  /** A line was longer than the limit and was discarded, with the rest of its command. */
  public static final class LineTooLong implements Frame {
    private final String tag;

    LineTooLong(String tag) {
      this.tag = tag;
    }

    /** The command's tag, or {@code *} if it had none that could be read. */
    public String tag() {
      return tag;
    }

    @Override
    public String toString() {
      return "LineTooLong[" + tag + "]";
    }
  }

  /** A literal was larger than the limit; its command was dropped. */
  public static final class LiteralTooBig implements Frame {
    private final String tag;
    private final long size;

    LiteralTooBig(String tag, long size) {
      this.tag = tag;
      this.size = size;
    }

    public String tag() {
      return tag;
    }

    /** The size the client announced. */
    public long size() {
      return size;
    }

    @Override
    public String toString() {
      return "LiteralTooBig[" + tag + ", " + size + "]";
    }
  }

  private enum State {
    LINE,
    LITERAL,
    DISCARD_LINE,
  }

  private final int maxLineLength;
  private final long maxLiteralSize;
  private final long maxCommandSize;
  private State state = State.LINE;
  private ByteArrayOutputStream command = new ByteArrayOutputStream(128);
  private long literalLeft;

  /** Set while the rest of a command is dropped: the frame to report once it ends. */
  private Frame dropping;

  private String tag;

  public ImapFrameDecoder(int maxLineLength, long maxLiteralSize) {
    this.maxLineLength = maxLineLength;
    this.maxLiteralSize = maxLiteralSize;
    this.maxCommandSize = maxLiteralSize + 16L * maxLineLength;
  }

  /**
   * The next frame, consuming its bytes from {@code in}; {@code null} when more input is needed.
   */
  public Frame next(ByteBuf in) {
    while (in.isReadable()) {
      switch (state) {
        case LITERAL:
          {
            int n = (int) Math.min(literalLeft, in.readableBytes());
            if (dropping != null) {
              in.skipBytes(n);
            } else {
              take(in, n);
            }
            literalLeft -= n;
            if (literalLeft == 0) {
              state = State.LINE;
            }
            break;
          }
        case DISCARD_LINE:
          {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
              in.skipBytes(in.readableBytes());
              return null;
            }
            in.readerIndex(lf + 1);
            state = State.LINE;
            return finishDropped();
          }
        case LINE:
          {
            int before = in.readerIndex();
            Frame f = line(in);
            if (f != null) {
              return f;
            }
            if (in.readerIndex() == before && state == State.LINE) {
              return null; // an incomplete line: wait for more
            }
            break;
          }
        default:
          throw new IllegalStateException(state.toString());
      }
    }
    return null;
  }

  /** Whether the decoder is inside a command (a literal or a line after one). */
  public boolean inCommand() {
    return state != State.LINE || command.size() > 0 || dropping != null;
  }

  private Frame line(ByteBuf in) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
    if (lf < 0) {
      if (in.readableBytes() > maxLineLength + 1) {
        rememberTag(in, start, in.writerIndex());
        in.skipBytes(in.readableBytes());
        if (dropping == null) {
          dropping = new LineTooLong(tag);
        }
        state = State.DISCARD_LINE;
      }
      return null; // wait for the line's end (or keep discarding)
    }
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    int length = end - start;
    if (length > maxLineLength) {
      rememberTag(in, start, end);
      in.readerIndex(lf + 1);
      if (dropping == null) {
        dropping = new LineTooLong(tag);
      }
      return finishDropped();
    }
    if (command.size() == 0) {
      rememberTag(in, start, end);
    }
    long literal = -1;
    boolean sync = true;
    if (length >= 3 && in.getByte(end - 1) == '}') {
      int i = end - 2;
      if (in.getByte(i) == '+') {
        sync = false;
        i--;
      }
      int digitsEnd = i + 1;
      while (i >= start && in.getByte(i) >= '0' && in.getByte(i) <= '9') {
        i--;
      }
      if (i >= start && in.getByte(i) == '{' && digitsEnd - i - 1 > 0 && digitsEnd - i - 1 <= 18) {
        literal = Long.parseLong(in.toString(i + 1, digitsEnd - i - 1, StandardCharsets.US_ASCII));
      }
    }
    if (dropping != null) {
      in.readerIndex(lf + 1);
      if (literal >= 0 && !sync) {
        literalLeft = literal;
        state = literal > 0 ? State.LITERAL : State.LINE;
        return null;
      }
      return finishDropped(); // a synchronising literal is never sent: the command ends here
    }
    if (literal < 0) {
      take(in, length);
      in.readerIndex(lf + 1);
      byte[] bytes = command.toByteArray();
      reset();
      return new Command(bytes);
    }
    if (literal > maxLiteralSize || command.size() + length + 2 + literal > maxCommandSize) {
      in.readerIndex(lf + 1);
      dropping = new LiteralTooBig(tag, literal);
      if (sync) {
        return finishDropped();
      }
      literalLeft = literal;
      state = literal > 0 ? State.LITERAL : State.LINE;
      return null;
    }
    take(in, length);
    command.write('\r');
    command.write('\n');
    in.readerIndex(lf + 1);
    literalLeft = literal;
    state = literal > 0 ? State.LITERAL : State.LINE;
    return sync ? Continue.INSTANCE : null;
  }

  private void take(ByteBuf in, int n) {
    int at = command.size();
    byte[] chunk = new byte[n];
    in.readBytes(chunk);
    command.write(chunk, 0, n);
    assert command.size() == at + n;
  }

  private Frame finishDropped() {
    Frame f = dropping;
    reset();
    return f;
  }

  private void reset() {
    if (command.size() > 4096) {
      command = new ByteArrayOutputStream(128);
    } else {
      command.reset();
    }
    dropping = null;
    tag = null;
    literalLeft = 0;
    state = State.LINE;
  }

  private void rememberTag(ByteBuf in, int start, int end) {
    if (tag != null) {
      return;
    }
    StringBuilder t = new StringBuilder();
    for (int i = start; i < end && i - start < 64; i++) {
      byte b = in.getByte(i);
      if (b == ' ') {
        break;
      }
      if (!ImapReader.isAstringChar(b) || b == '+') {
        t.setLength(0);
        break;
      }
      t.append((char) b);
    }
    tag = t.length() == 0 || t.length() >= 64 ? "*" : t.toString();
  }
}
