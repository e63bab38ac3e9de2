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

/**
 * A test IMAP client over a plain {@link Socket}: bytes in, bytes out. Every read has a timeout.
 * Responses come back as text exactly as sent (ISO-8859-1, so every byte is one char), CRLFs
 * included, literals inline; the helper checks that every line ended with CRLF.
 */
final class ImapWire implements AutoCloseable {
  static final int READ_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String greeting;

  private ImapWire(Socket socket) throws IOException {
    this(socket, true);
  }

  private ImapWire(Socket socket, boolean greeted) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.greeting = greeted ? response() : "";
  }

  /** Layers TLS over this connection (after the OK to STARTTLS), checking the server identity. */
  ImapWire startTls(javax.net.ssl.SSLSocketFactory factory, String host) {
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
      javax.net.ssl.SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      return new ImapWire(tls, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects to the IMAPS port over TLS (trusting {@link FakeMailServer#tls()}). */
  static ImapWire connectImplicit(FakeMailServer server) {
    try {
      javax.net.ssl.SSLSocket tls =
          (javax.net.ssl.SSLSocket)
              server.tls().socketFactory().createSocket(server.imapsHost(), server.imapsPort());
      tls.startHandshake();
      return new ImapWire(tls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ImapWire connect(FakeMailServer server) {
    try {
      return new ImapWire(new Socket(server.imapHost(), server.imapPort()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects and logs in with LOGIN. */
  static ImapWire login(FakeMailServer server, String user) {
    ImapWire imap = connect(server);
    String reply = imap.send("L1 LOGIN " + user + " secret");
    if (!reply.startsWith("L1 OK ")) {
      imap.close();
      throw new AssertionError("Login failed: " + reply);
    }
    return imap;
  }

  /** Connects, logs in and selects INBOX. */
  static ImapWire select(FakeMailServer server, String user) {
    ImapWire imap = login(server, user);
    String reply = imap.send("S1 SELECT INBOX");
    if (!reply.contains("S1 OK [READ-WRITE]")) {
      imap.close();
      throw new AssertionError("SELECT failed: " + reply);
    }
    return imap;
  }

  String greeting() {
    return greeting;
  }

  /**
   * Sends one command line (its tag is the first word) with CRLF and returns every response up to
   * and including the tagged one.
   */
  String send(String command) {
    write(command + "\r\n");
    int space = command.indexOf(' ');
    return until(space < 0 ? command : command.substring(0, space));
  }

  /** Writes raw text (ISO-8859-1) as it is, flushed. */
  void write(String raw) {
    try {
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every response up to and including the one tagged {@code tag}. */
  String until(String tag) {
    StringBuilder all = new StringBuilder();
    while (true) {
      String r = response();
      all.append(r);
      if (r.startsWith(tag + " ")) {
        return all.toString();
      }
    }
  }

  /** One response: a line, with any literals it announces and the line's rest after each. */
  String response() {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String line = line();
      sb.append(line).append("\r\n");
      int open = line.lastIndexOf('{');
      if (!line.endsWith("}") || open < 0) {
        return sb.toString();
      }
      int n = Integer.parseInt(line.substring(open + 1, line.length() - 1).replace("+", ""));
      sb.append(new String(bytes(n), StandardCharsets.ISO_8859_1));
    }
  }

  private byte[] bytes(int n) {
    try {
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new AssertionError("Connection closed inside a literal");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line without its CRLF; fails on a bare LF or a closed connection. */
  String line() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int previous = -1;
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          if (previous != '\r') {
            throw new AssertionError("Bare LF after: " + line);
          }
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
        previous = b;
      }
      throw new AssertionError("Connection closed; partial line: " + line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything the server sends until it closes the connection. */
  String readUntilClosed() {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketException e) {
      return ""; // reset by the server
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
