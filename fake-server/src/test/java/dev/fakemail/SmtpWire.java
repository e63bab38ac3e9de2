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
 * A test SMTP client over a plain {@link Socket}: bytes in, bytes out, nothing interpreted. Every
 * read has a timeout, so a server that does not answer fails the test instead of hanging it.
 *
 * <p>Replies are returned as their lines joined with {@code \n} (no trailing newline); the helper
 * itself checks that every line the server sent ended with CRLF and that a multi-line reply keeps
 * one code throughout, with {@code -} continuations and a final line with a space.
 */
final class SmtpWire implements AutoCloseable {
  static final int READ_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private SmtpWire(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects without reading anything. */
  static SmtpWire open(FakeMailServer server) {
    try {
      return new SmtpWire(new Socket(server.smtpHost(), server.smtpPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects to the LMTP listener and checks its greeting. */
  static SmtpWire lmtp(FakeMailServer server) {
    SmtpWire wire;
    try {
      wire = new SmtpWire(new Socket(server.lmtpHost(), server.lmtpPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String greeting = wire.reply();
    if (!greeting.equals("220 " + server.config().hostname() + " LMTP FakeMail")) {
      wire.close();
      throw new AssertionError("Unexpected LMTP greeting: " + greeting);
    }
    return wire;
  }

  /**
   * Connects to the SMTPS listener (implicit TLS, trusting only the server's certificate, identity
   * checked) and checks the greeting.
   */
  static SmtpWire smtps(FakeMailServer server) {
    SmtpWire wire;
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket)
              server.tls().socketFactory().createSocket(server.smtpsHost(), server.smtpsPort());
      javax.net.ssl.SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      wire = new SmtpWire(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String greeting = wire.reply();
    if (!greeting.equals("220 " + server.config().hostname() + " ESMTP FakeMail")) {
      wire.close();
      throw new AssertionError("Unexpected SMTPS greeting: " + greeting);
    }
    return wire;
  }

  /** Connects and checks the greeting. */
  static SmtpWire connect(FakeMailServer server) {
    return connect(server.smtpHost(), server.smtpPort(), server.config().hostname());
  }

  /** Connects to any server and checks that it greets as FakeMail named {@code hostname}. */
  static SmtpWire connect(String host, int port, String hostname) {
    SmtpWire wire;
    try {
      wire = new SmtpWire(new Socket(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String greeting = wire.reply();
    if (!greeting.equals("220 " + hostname + " ESMTP FakeMail")) {
      wire.close();
      throw new AssertionError("Unexpected greeting: " + greeting);
    }
    return wire;
  }

  /**
   * Layers TLS over this connection (after a {@code 220} to STARTTLS) and returns the wire that
   * speaks through it; the server's identity is checked against {@code host}.
   */
  SmtpWire startTls(javax.net.ssl.SSLSocketFactory factory, String host) {
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
      javax.net.ssl.SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      return new SmtpWire(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one command line with CRLF and returns the reply. */
  String send(String command) {
    write(command + "\r\n");
    return reply();
  }

  /** Writes UTF-8 text exactly as given (no line ending added) and flushes. */
  SmtpWire write(String text) {
    return write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes bytes exactly as given and flushes: one TCP write (TCP_NODELAY is on). */
  SmtpWire write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Reads one complete reply, following {@code 250-} continuation lines. */
  String reply() {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line == null) {
        throw new AssertionError(
            "The server closed the connection"
                + (lines.isEmpty() ? "" : " in the middle of a reply: " + lines));
      }
      if (line.length() < 4
          || !line.substring(0, 3).chars().allMatch(Character::isDigit)
          || (line.charAt(3) != ' ' && line.charAt(3) != '-')) {
        throw new AssertionError("Not an SMTP reply line: \"" + line + "\"");
      }
      if (!lines.isEmpty() && !line.startsWith(lines.get(0).substring(0, 3))) {
        throw new AssertionError("Reply code changed within a reply: " + lines + " then " + line);
      }
      lines.add(line);
      if (line.charAt(3) == ' ') {
        return String.join("\n", lines);
      }
    }
  }

  /**
   * Reads until the server closes the connection and returns whatever it sent before that (as text,
   * line endings kept). Fails if the server keeps the connection open past the read timeout.
   */
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

  /** Closes the socket at once, as a client that crashed or lost its network would. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local port of this connection, as the server sees it in the envelope. */
  int localPort() {
    return socket.getLocalPort();
  }

  private String readLine() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new AssertionError(
                "Reply line not ended by CRLF: \""
                    + new String(bytes, StandardCharsets.UTF_8)
                    + "\"");
          }
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        }
        line.write(b);
      }
    } catch (IOException e) {
      throw new AssertionError(
          "No complete reply line within "
              + READ_TIMEOUT_MILLIS
              + " ms; received so far: \""
              + line.toString(StandardCharsets.UTF_8)
              + "\"",
          e);
    }
    if (line.size() > 0) {
      throw new AssertionError(
          "Connection closed in the middle of a line: " + line.toString(StandardCharsets.UTF_8));
    }
    return null;
  }
}
