package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.internal.net.tls.CertificateMaterial;
import dev.fakemail.internal.net.tls.SelfSignedCertificates;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's TLS context is built on a thread of its own: listeners bind and STARTTLS is offered
 * before it exists. A test certificate supplier that waits for a latch holds the build back, so the
 * connections that come meanwhile are checked deterministically; every server here runs one
 * event-loop thread, so a session that completes meanwhile proves that nothing blocks it.
 */
class TlsStartTest {
  private static final CertificateMaterial MATERIAL =
      SelfSignedCertificates.forHostname("race.example.test");
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private FakeMailServer server;

  @AfterEach
  void stop() {
    release.countDown();
    clients.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  /** Material that the build gets only once the test releases it. */
  private Supplier<CertificateMaterial> gated() {
    return () -> {
      requested.countDown();
      try {
        if (!release.await(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the certificate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return MATERIAL;
    };
  }

  private static FakeMailConfig.Builder oneLoop(Protocol... protocols) {
    return FakeMailConfig.builder().ioThreads(1).protocols(protocols);
  }

  @Test
  void implicitTlsListenersBindBeforeTheContextAndAConnectionThatRacesTheBuildCompletes()
      throws Exception {
    server =
        FakeMailServer.start(
            oneLoop(Protocol.SMTP, Protocol.SMTPS, Protocol.IMAPS).build(), gated());
    // start() has returned, every listener is bound, and the build is waiting for the test
    assertThat(requested.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    Properties props = new Properties();
    props.setProperty("mail.smtp.port", Integer.toString(server.smtpsPort()));
    props.setProperty("mail.smtp.ssl.enable", "true");
    props.put("mail.smtp.ssl.socketFactory", trusting().getSocketFactory());
    props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    props.setProperty("mail.smtp.host", "localhost");
    props.setProperty("mail.smtp.connectiontimeout", "20000");
    props.setProperty("mail.smtp.timeout", "20000");
    Session smtps = Session.getInstance(props);
    MimeMessage early =
        AngusClient.message(smtps, "a@example.test", "bob@example.test", "Raced the start", "hi");
    Future<?> sending = clients.submit(() -> sendQuietly(smtps, early));
    Future<String> imapsGreeting = clients.submit(() -> implicitGreeting(server.imapsPort()));

    // the one event loop still serves plain SMTP while those two wait for the context
    Session plain = AngusClient.session(server);
    AngusClient.send(
        plain, AngusClient.message(plain, "a@example.test", "bob@example.test", "Plain", "hi"));
    assertThat(server.inbox().awaitMessage(subject("Plain")).subject()).isEqualTo("Plain");
    assertThat(sending).isNotDone();
    assertThat(imapsGreeting).isNotDone();

    release.countDown();
    sending.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(server.inbox().awaitMessage(subject("Raced the start")).headers("Received"))
        .isNotNull();
    assertThat(imapsGreeting.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
        .startsWith("* OK [CAPABILITY IMAP4rev1");
    assertThat(server.tls().certificatePem()).isNotEmpty();
  }

  @Test
  void theFirstStartTlsWaitsForTheBuildWithoutHoldingOtherSessions() throws Exception {
    server =
        FakeMailServer.start(oneLoop(Protocol.SMTP, Protocol.POP3, Protocol.IMAP).build(), gated());
    try (SmtpWire smtp = SmtpWire.connect(server);
        Pop3Wire pop3 = Pop3Wire.connect(server);
        ImapWire imap = ImapWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).contains("250-STARTTLS");
      smtp.write("STARTTLS\r\n");
      // the first STARTTLS starts the build, which waits for the test
      assertThat(requested.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      pop3.write("STLS\r\n");
      imap.write("a STARTTLS\r\n");

      // meanwhile the one event loop serves everybody else
      try (SmtpWire other = SmtpWire.connect(server)) {
        assertThat(other.send("EHLO other.example.test")).startsWith("250");
        assertThat(other.send("MAIL FROM:<a@example.test>")).startsWith("250");
        assertThat(other.send("RCPT TO:<bob@example.test>")).startsWith("250");
        assertThat(other.send("DATA")).startsWith("354");
        assertThat(other.send("Subject: Meanwhile\r\n\r\nhi\r\n.")).startsWith("250");
      }
      assertThat(server.inbox().awaitMessage(subject("Meanwhile")).subject())
          .isEqualTo("Meanwhile");

      release.countDown();
      SSLSocketFactory factory = trusting().getSocketFactory();
      assertThat(smtp.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = smtp.startTls(factory, "localhost")) {
        assertThat(tls.send("EHLO client.example.test"))
            .startsWith("250")
            .doesNotContain("STARTTLS");
      }
      assertThat(pop3.line()).startsWith("+OK");
      try (Pop3Wire tls = pop3.startTls(factory, "localhost")) {
        assertThat(tls.sendMulti("CAPA")).doesNotContain("STLS");
      }
      assertThat(imap.line()).isEqualTo("a OK Begin TLS negotiation now.");
      try (ImapWire tls = imap.startTls(factory, "localhost")) {
        assertThat(tls.send("b CAPABILITY")).doesNotContain("STARTTLS").contains("b OK");
      }
    }
  }

  @Test
  void aFailedBuildClosesTheWaitingConnectionsWithAReasonAndTlsSaysWhy() throws Exception {
    Supplier<CertificateMaterial> failing =
        () -> {
          throw new IllegalStateException("no certificate for this test");
        };
    String reason = "Could not build the server TLS context: no certificate for this test";
    try (LogCapture log = new LogCapture("dev.fakemail.internal.net.tls.TlsSetup")) {
      server = FakeMailServer.start(oneLoop(Protocol.SMTP, Protocol.SMTPS).build(), failing);
      assertThatThrownBy(server::tls).isInstanceOf(IllegalStateException.class).hasMessage(reason);

      try (SSLSocket socket =
          (SSLSocket) trusting().getSocketFactory().createSocket("localhost", server.smtpsPort())) {
        socket.setSoTimeout((int) LIMIT.toMillis());
        int localPort = socket.getLocalPort();
        assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        assertThat(log.await(m -> m.contains(":" + localPort + " "), LIMIT))
            .isEqualTo(
                "Closing the connection from /127.0.0.1:"
                    + localPort
                    + " to port "
                    + server.smtpsPort()
                    + ": "
                    + reason);
      }
      try (SmtpWire smtp = SmtpWire.connect(server)) {
        assertThat(smtp.send("EHLO client.example.test")).contains("250-STARTTLS");
        smtp.write("STARTTLS\r\n");
        assertThat(smtp.readUntilClosed()).isEmpty();
        assertThat(log.await(m -> m.contains(":" + smtp.localPort() + " "), LIMIT))
            .endsWith(" to port " + server.smtpPort() + ": " + reason);
      }
      // the server itself carries on
      Session plain = AngusClient.session(server);
      AngusClient.send(
          plain, AngusClient.message(plain, "a@example.test", "bob@example.test", "Still", "hi"));
      assertThat(server.inbox().awaitMessage(subject("Still")).subject()).isEqualTo("Still");
    }
  }

  private static void sendQuietly(Session session, MimeMessage message) {
    try {
      AngusClient.send(session, message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String implicitGreeting(int port) throws IOException {
    try (Socket socket = trusting().getSocketFactory().createSocket("localhost", port)) {
      socket.setSoTimeout((int) LIMIT.toMillis());
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      return line.toString().strip();
    }
  }

  /** A client context that trusts the test certificate only. */
  private static SSLContext trusting() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("race", MATERIAL.leaf());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
