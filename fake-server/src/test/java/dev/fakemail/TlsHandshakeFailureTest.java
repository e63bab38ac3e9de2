package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that fail the TLS handshake (an old protocol version, plain text on a TLS port or after
 * STARTTLS, silence, a half-sent hello) lose only their own connection: it is closed, nothing it
 * sent is delivered, the server logs one line saying why, and a real client's session on the same
 * server completes normally.
 */
class TlsHandshakeFailureTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final String LOGGER = "dev.fakemail.internal.net.tls.ServerTlsContext";
  private static FakeMailServer server;

  /**
   * A short handshake timeout of its own: on the main server a cold client on a loaded machine
   * could need longer than that for its first handshake.
   */
  private static FakeMailServer impatient;

  private LogCapture log;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(
                    Protocol.SMTP, Protocol.SMTPS, Protocol.IMAP, Protocol.IMAPS, Protocol.POP3S)
                .build());
    impatient =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.SMTPS, Protocol.IMAPS)
                .tlsHandshakeTimeout(Duration.ofMillis(500))
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
    impatient.close();
  }

  @BeforeEach
  void capture() {
    server.inbox().clear();
    log = new LogCapture(LOGGER);
  }

  @AfterEach
  void release() {
    log.close();
  }

  private String prefix(Socket client, int port) {
    return "TLS handshake failed, closing the connection from /127.0.0.1:"
        + client.getLocalPort()
        + " to port "
        + port
        + ": ";
  }

  @Test
  void clientsOfferingOnlyTls10Or11AreRefusedWithAProtocolVersionAlert() throws Exception {
    for (int port : new int[] {server.smtpsPort(), server.imapsPort(), server.pop3sPort()}) {
      for (int minor : new int[] {1, 2}) { // TLS 1.0 is version 3.1, TLS 1.1 is 3.2
        try (Socket client = connect(port)) {
          client.getOutputStream().write(clientHello(minor));
          byte[] answer = readUntilClosed(client);
          // one fatal alert record, protocol_version (RFC 5246 §7.2), then the end of the stream
          assertThat(answer).hasSizeGreaterThanOrEqualTo(7);
          assertThat(answer[0]).as("record type alert").isEqualTo((byte) 21);
          assertThat(Arrays.copyOfRange(answer, 5, 7)).containsExactly(2, 70);
          String line = log.await(m -> m.startsWith(prefix(client, port)), LIMIT);
          assertThat(line.substring(prefix(client, port).length()))
              .startsWith("SSLHandshakeException: ")
              .contains(minor == 1 ? "TLSv1" : "TLSv1.1");
        }
      }
    }
    angusSendsOverSmtps("After the old clients");
  }

  @Test
  void plainTextOnTheImplicitPortsIsNotExecuted() throws Exception {
    for (int port : new int[] {server.smtpsPort(), server.imapsPort()}) {
      try (Socket client = connect(port)) {
        client
            .getOutputStream()
            .write(
                ("EHLO plain.example.test\r\nMAIL FROM:<a@example.test>\r\n"
                        + "RCPT TO:<bob@example.test>\r\nDATA\r\nSubject: Sneaky\r\n\r\nhi\r\n.\r\n"
                        + "a LOGIN bob@example.test x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] answer = readUntilClosed(client);
        assertThat(answer).isNotEmpty();
        assertThat(answer[0]).isEqualTo((byte) 21);
        assertThat(new String(answer, StandardCharsets.US_ASCII))
            .doesNotContain("220")
            .doesNotContain("250")
            .doesNotContain("OK");
        assertThat(log.await(m -> m.startsWith(prefix(client, port)), LIMIT))
            .isEqualTo(
                prefix(client, port) + "the client sent something that is not TLS (plain text?)");
      }
    }
    angusSendsOverSmtps("After the plain text");
    assertThat(server.inbox().messages(subject("Sneaky"))).isEmpty();
  }

  @Test
  void plainTextAfterStartTlsIsNotExecuted() throws Exception {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("250-STARTTLS");
      assertThat(smtp.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      smtp.write(
          "MAIL FROM:<a@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
              + "Subject: Sneaky\r\n\r\nhi\r\n.\r\n");
      assertThat(smtp.readUntilClosed()).doesNotContain("250").doesNotContain("354");
      assertThat(log.await(m -> m.contains(":" + smtp.localPort() + " "), LIMIT))
          .endsWith(
              " to port "
                  + server.smtpPort()
                  + ": the client sent something that is not TLS (plain text?)");
    }
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a STARTTLS")).startsWith("a OK Begin TLS negotiation now.");
      imap.write("b LOGIN bob@example.test x\r\nc SELECT INBOX\r\n");
      assertThat(imap.readUntilClosed()).doesNotContain("b OK").doesNotContain("c OK");
    }
    assertThat(
            log.await(
                m -> m.contains(" to port " + server.imapPort() + ": the client sent something"),
                LIMIT))
        .startsWith("TLS handshake failed, closing the connection from /127.0.0.1:");
    angusSendsOverSmtps("After STARTTLS in plain text");
    assertThat(server.inbox().messages(subject("Sneaky"))).isEmpty();
  }

  @Test
  void aSilentClientAndOneThatStopsMidHandshakeAreClosedAfterTheHandshakeTimeout()
      throws Exception {
    try (Socket silent = connect(impatient.smtpsPort());
        Socket halfway = connect(impatient.imapsPort())) {
      byte[] hello = clientHello(3);
      halfway.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
      // both wait for the timeout; a real client meanwhile completes its session
      Session plain = AngusClient.session(impatient);
      AngusClient.send(
          plain, AngusClient.message(plain, "a@example.test", "bob@example.test", "Stall", "hi"));
      assertThat(impatient.inbox().awaitMessage(subject("Stall")).subject()).isEqualTo("Stall");

      // at most TLS alert records (user_canceled, close_notify), never a greeting
      assertOnlyAlerts(readUntilClosed(silent));
      assertOnlyAlerts(readUntilClosed(halfway));
      assertThat(log.await(m -> m.startsWith(prefix(silent, impatient.smtpsPort())), LIMIT))
          .isEqualTo(prefix(silent, impatient.smtpsPort()) + "no handshake within 500 ms");
      assertThat(log.await(m -> m.startsWith(prefix(halfway, impatient.imapsPort())), LIMIT))
          .isEqualTo(prefix(halfway, impatient.imapsPort()) + "no handshake within 500 ms");
    }
  }

  @Test
  void aClientThatVanishesMidHandshakeIsLoggedAsSuch() throws Exception {
    Socket gone = connect(server.smtpsPort());
    String prefix = prefix(gone, server.smtpsPort());
    byte[] hello = clientHello(3);
    gone.getOutputStream().write(Arrays.copyOf(hello, 20));
    gone.close();
    assertThat(log.await(m -> m.startsWith(prefix), LIMIT))
        .isEqualTo(prefix + "the client closed the connection during the handshake");
    angusSendsOverSmtps("After the vanished client");
  }

  private static void angusSendsOverSmtps(String subjectText) throws Exception {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    Session session = Session.getInstance(props);
    AngusClient.send(
        session,
        AngusClient.message(session, "a@example.test", "bob@example.test", subjectText, "hi"));
    assertThat(server.inbox().awaitMessage(subject(subjectText)).subject()).isEqualTo(subjectText);
  }

  /** TLS records (RFC 8446 §5.1: type, version, length) that are all alerts (type 21). */
  private static void assertOnlyAlerts(byte[] answer) {
    int i = 0;
    while (i < answer.length) {
      assertThat(answer[i])
          .as("record type at byte %d of %s", i, Arrays.toString(answer))
          .isEqualTo((byte) 21);
      assertThat(i + 5).isLessThanOrEqualTo(answer.length);
      i += 5 + ((answer[i + 3] & 0xff) << 8 | (answer[i + 4] & 0xff));
    }
    assertThat(i).isEqualTo(answer.length);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(server.smtpHost(), port);
    socket.setSoTimeout((int) LIMIT.toMillis());
    return socket;
  }

  private static byte[] readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      // a reset ends the stream too
    }
    return out.toByteArray();
  }

  /**
   * A minimal ClientHello (RFC 5246 §7.4.1.2) offering at most TLS 1.{@code minor - 1}: AES-CBC
   * suites that TLS 1.0 knows, no extensions; written by hand because the JDK's own client refuses
   * to offer those versions at all.
   */
  private static byte[] clientHello(int minor) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(minor);
    for (int i = 0; i < 32; i++) {
      body.write(i); // client random
    }
    body.write(0); // no session id
    byte[] suites = {(byte) 0xc0, 0x13, (byte) 0xc0, 0x14, 0x00, 0x2f, 0x00, 0x35};
    body.write(0);
    body.write(suites.length);
    body.writeBytes(suites);
    body.write(1); // one compression method: none
    body.write(0);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.writeBytes(new byte[] {22, 3, 1}); // handshake record, TLS 1.0 record version
    int handshakeLength = b.length + 4;
    record.write(handshakeLength >> 8);
    record.write(handshakeLength);
    record.write(1); // client_hello
    record.write(0);
    record.write(b.length >> 8);
    record.write(b.length);
    record.writeBytes(b);
    return record.toByteArray();
  }
}
