package dev.fakemail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test POP3 client over a plain {@link Socket}: bytes in, bytes out. Every read has a timeout.
 * Status lines are returned without their CRLF; the helper checks that every line the server sent
 * ended with CRLF.
 */
final class Pop3Wire implements AutoCloseable {
  static final int READ_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String greeting;

  private Pop3Wire(Socket socket) throws IOException {
    this(socket, true);
  }

  private Pop3Wire(Socket socket, boolean greeted) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    if (!greeted) {
      this.greeting = "";
      return;
    }
    this.greeting = line();
    if (!greeting.startsWith("+OK FakeMail POP3 server ready <")) {
      socket.close();
      throw new AssertionError("Unexpected greeting: " + greeting);
    }
  }

  /** Connects and checks the greeting. */
  static Pop3Wire connect(FakeMailServer server) {
    try {
      return new Pop3Wire(new Socket(server.pop3Host(), server.pop3Port()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Connects to the POP3S port over TLS (trusting {@link FakeMailServer#tls()}), checks the
   * greeting.
   */
  static Pop3Wire connectImplicit(FakeMailServer server) {
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket)
              server.tls().socketFactory().createSocket(server.pop3sHost(), server.pop3sPort());
      tls.startHandshake();
      return new Pop3Wire(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Layers TLS over this connection (after {@code +OK} to STLS), checking the server identity. */
  Pop3Wire startTls(javax.net.ssl.SSLSocketFactory factory, String host) {
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
      javax.net.ssl.SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      return new Pop3Wire(tls, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects and logs in with USER and PASS, checking the welcome. */
  static Pop3Wire login(FakeMailServer server, String user, String password) {
    Pop3Wire pop3 = connect(server);
    String userReply = pop3.send("USER " + user);
    String passReply = pop3.send("PASS " + password);
    if (!userReply.startsWith("+OK") || !passReply.startsWith("+OK Welcome ")) {
      pop3.close();
      throw new AssertionError("Login failed: " + userReply + " / " + passReply);
    }
    return pop3;
  }

  /** The greeting line, such as {@code +OK FakeMail POP3 server ready <1-2.3@localhost>}. */
  String greeting() {
    return greeting;
  }

  /** The APOP timestamp of the greeting, angle brackets included. */
  String timestamp() {
    return greeting.substring(greeting.indexOf('<'));
  }

  /** Sends one command with CRLF and returns the status line. */
  String send(String command) {
    write(command + "\r\n");
    return line();
  }

  /**
   * Sends a command with a multi-line answer; returns the status line followed by the lines of the
   * body, dot-unstuffed, without the final {@code .} (only the status line for {@code -ERR}).
   */
  List<String> sendMulti(String command) {
    write(command + "\r\n");
    return multi();
  }

  /** Reads the status line and, after {@code +OK}, the body of a multi-line answer. */
  List<String> multi() {
    List<String> lines = new ArrayList<>();
    String status = line();
    lines.add(status);
    if (!status.startsWith("+OK")) {
      return lines;
    }
    while (true) {
      String l = line();
      if (l.equals(".")) {
        return lines;
      }
      lines.add(l.startsWith(".") ? l.substring(1) : l);
    }
  }

  /**
   * Sends a command with a multi-line answer and returns its body as bytes, dot-unstuffed, without
   * the status line and the final {@code .CRLF}: what a client hands on as the message. Fails on a
   * bare LF in the body.
   */
  byte[] sendForBody(String command) {
    write(command + "\r\n");
    String status = line();
    if (!status.startsWith("+OK")) {
      throw new AssertionError(command + " failed: " + status);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      int state = 2; // 0 in a line, 1 after CR, 2 at a line start, 3 after a first '.'
      int b;
      while ((b = in.read()) >= 0) {
        if (state == 3) {
          if (b == '\r') {
            if (in.read() != '\n') {
              throw new AssertionError("'.' CR not followed by LF");
            }
            return body.toByteArray();
          }
          state = 0; // the first dot was stuffing (RFC 1939 §3): drop it
        } else if (state == 2 && b == '.') {
          state = 3;
          continue;
        }
        body.write(b);
        state = b == '\r' ? 1 : (b == '\n' && state == 1) ? 2 : 0;
        if (b == '\n' && state != 2) {
          throw new AssertionError("A bare LF in the body at byte " + body.size());
        }
      }
    } catch (IOException e) {
      throw new AssertionError("No end of the body within " + READ_TIMEOUT_MILLIS + " ms", e);
    }
    throw new AssertionError("Connection closed before the end of the body");
  }

  /** Writes UTF-8 text exactly as given and flushes. */
  Pop3Wire write(String text) {
    return write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes bytes exactly as given and flushes. */
  Pop3Wire write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Reads {@code count} bytes, or fails. */
  byte[] read(int count) {
    try {
      return in.readNBytes(count);
    } catch (IOException e) {
      throw new AssertionError("Could not read " + count + " bytes", e);
    }
  }

  /** One line without its CRLF; fails on a timeout, a bare LF or a closed connection. */
  String line() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new AssertionError(
                "Line not ended by CRLF: \"" + new String(bytes, StandardCharsets.UTF_8) + "\"");
          }
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        }
        line.write(b);
      }
    } catch (IOException e) {
      throw new AssertionError(
          "No complete line within "
              + READ_TIMEOUT_MILLIS
              + " ms; received so far: \""
              + line.toString(StandardCharsets.UTF_8)
              + "\"",
          e);
    }
    throw new AssertionError(
        "The server closed the connection"
            + (line.size() > 0
                ? " in the middle of: " + line.toString(StandardCharsets.UTF_8)
                : ""));
  }

  /** Reads until the server closes the connection; fails if it stays open past the timeout. */
  String readUntilClosed() {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        received.write(b);
      }
    } catch (SocketException e) {
      // a reset is a close too
    } catch (IOException e) {
      throw new AssertionError(
          "The server did not close the connection; it sent: "
              + received.toString(StandardCharsets.UTF_8),
          e);
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  /** Closes the socket at once, as a client that crashed would. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
