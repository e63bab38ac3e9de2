package dev.fakemail.bench.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw-socket SMTP client built to not be the bottleneck: no MIME work, one buffered write per
 * command group, a shared pre-built message body, and RFC 2920 pipelining when the server announces
 * {@code PIPELINING}.
 *
 * <p>Pipelined, a message on a reused connection costs one round trip: the content, its final dot
 * and the next message's {@code MAIL}/{@code RCPT}/{@code DATA} go out in one write (content is
 * allowed to start a group, RFC 2920 §3.1), and the client then reads {@code 250} for the message
 * and {@code 250 250 354} for the next one. Lock-step (servers that do not announce it, or {@link
 * Mode#LOCK_STEP}), a message costs four round trips, as with Jakarta Mail.
 *
 * <p>{@code TCP_NODELAY} is set, every read has a 30 s timeout, and every reply code is checked: a
 * refused message throws rather than being counted.
 */
public final class SmtpClient implements Closeable {
  /** How to drive the server. */
  public enum Mode {
    /** Pipeline when the server announces PIPELINING, lock-step otherwise. */
    AUTO,
    /** Always one command, one reply. */
    LOCK_STEP
  }

  private static final byte[] DATA = ascii("DATA\r\n");
  private static final byte[] DOT = ascii(".\r\n");
  private static final byte[] QUIT = ascii("QUIT\r\n");
  private static final int READ_TIMEOUT_MS = 30_000;
  private static final int MAX_REPLY_LINES = 100;
  private static final int MAX_LINE = 4096;

  private final Socket socket;
  private final BufferedInputStream in;
  private final BufferedOutputStream out;
  private final boolean pipelining;
  private final byte[] mail;
  private final byte[] rcpt;
  private final byte[] line = new byte[MAX_LINE];
  private boolean groupOpen; // MAIL/RCPT/DATA answered with 354: content is due
  private String lastReply = "";

  private SmtpClient(Socket socket, Mode mode, String from, String to) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.mail = ascii("MAIL FROM:<" + from + ">\r\n");
    this.rcpt = ascii("RCPT TO:<" + to + ">\r\n");
    expect(220);
    out.write(ascii("EHLO bench.client.test\r\n"));
    out.flush();
    boolean announced = false;
    for (int i = 0; i < MAX_REPLY_LINES; i++) {
      int n = readLine();
      String text = new String(line, 0, n, StandardCharsets.US_ASCII).trim();
      if (!text.startsWith("250")) {
        throw new SmtpException("EHLO refused: " + text);
      }
      if (text.length() > 4 && text.substring(4).trim().equalsIgnoreCase("PIPELINING")) {
        announced = true;
      }
      if (text.length() < 4 || text.charAt(3) == ' ') {
        this.pipelining = announced && mode == Mode.AUTO;
        return;
      }
    }
    throw new SmtpException("EHLO reply too long");
  }

  /** Connects, reads the greeting and sends EHLO. */
  public static SmtpClient connect(String host, int port, Mode mode, String from, String to)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.connect(new InetSocketAddress(host, port), 5000);
      return new SmtpClient(socket, mode, from, to);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Whether this connection pipelines. */
  public boolean pipelining() {
    return pipelining;
  }

  /**
   * Sends one message ({@code head} then {@code body}, both already dot-stuffed and CRLF-ended) and
   * returns when its final {@code 250} has been read.
   *
   * @param another whether the caller will send another message on this connection; a pipelining
   *     client then sends its envelope in the same write (and must be given that message next)
   */
  public void send(byte[] head, byte[] body, boolean another) throws IOException {
    if (!pipelining) {
      command(mail, 250);
      command(rcpt, 250);
      command(DATA, 354);
      out.write(head);
      out.write(body);
      out.write(DOT);
      out.flush();
      expect(250);
      return;
    }
    if (!groupOpen) {
      out.write(mail);
      out.write(rcpt);
      out.write(DATA);
      out.flush();
      expect(250);
      expect(250);
      expect(354);
    }
    out.write(head);
    out.write(body);
    out.write(DOT);
    if (another) {
      out.write(mail);
      out.write(rcpt);
      out.write(DATA);
    }
    out.flush();
    groupOpen = false;
    expect(250);
    if (another) {
      expect(250);
      expect(250);
      expect(354);
      groupOpen = true;
    }
  }

  /** Sends one message and QUIT (in the same write when pipelining), then reads 250 and 221. */
  public void sendAndQuit(byte[] head, byte[] body) throws IOException {
    if (!pipelining) {
      send(head, body, false);
      quit();
      return;
    }
    out.write(mail);
    out.write(rcpt);
    out.write(DATA);
    out.flush();
    expect(250);
    expect(250);
    expect(354);
    out.write(head);
    out.write(body);
    out.write(DOT);
    out.write(QUIT);
    out.flush();
    expect(250);
    expect(221);
  }

  /** Sends QUIT and reads 221. */
  public void quit() throws IOException {
    if (groupOpen) {
      throw new IllegalStateException("a pipelined message was announced but not sent");
    }
    command(QUIT, 221);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void command(byte[] command, int code) throws IOException {
    out.write(command);
    out.flush();
    expect(code);
  }

  private void expect(int code) throws IOException {
    for (int i = 0; i < MAX_REPLY_LINES; i++) {
      int n = readLine();
      if (n < 3) {
        throw new SmtpException(
            "Malformed reply: " + new String(line, 0, n, StandardCharsets.US_ASCII));
      }
      int got = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
      boolean last = n == 3 || line[3] != '-';
      if (last) {
        if (got != code) {
          lastReply = new String(line, 0, n, StandardCharsets.US_ASCII).trim();
          throw new SmtpException("Expected " + code + " but got: " + lastReply);
        }
        return;
      }
    }
    throw new SmtpException("Reply too long");
  }

  /** Reads one line into {@link #line} without its CRLF; returns its length. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new SmtpException("Connection closed by the server");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n == MAX_LINE) {
        throw new SmtpException("Reply line too long");
      }
      line[n++] = (byte) b;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** An unexpected reply or a broken connection. */
  public static final class SmtpException extends IOException {
    private static final long serialVersionUID = 1L;

    SmtpException(String message) {
      super(message);
    }
  }
}
