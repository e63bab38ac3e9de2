package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS on SMTP (RFC 3207): a real client that requires it, and the wire-level rules. */
class SmtpStartTlsTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server = FakeMailServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clearMailboxes();
  }

  @Test
  void angusWithStartTlsRequiredSendsUsingOnlyServerTlsForTrust() throws Exception {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    Session session = Session.getInstance(props);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", "Over TLS", "hi");
    AngusClient.send(session, m);
    ReceivedMail mail = server.inbox().awaitMessage(to("bob@example.test"));
    assertThat(mail.subject()).isEqualTo("Over TLS");
  }

  @Test
  void ehloOffersStartTlsOnlyBeforeTlsAndTheSessionStartsOver() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).contains("250-STARTTLS");
      assertThat(plain.send("MAIL FROM:<a@example.test>")).startsWith("250");
      assertThat(plain.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        // RFC 3207 §4.2: EHLO and the transaction are forgotten.
        assertThat(tls.send("RCPT TO:<bob@example.test>")).startsWith("503");
        String ehlo = tls.send("EHLO client.example.test");
        assertThat(ehlo).startsWith("250").doesNotContain("STARTTLS");
        assertThat(tls.send("STARTTLS")).startsWith("5");
        assertThat(tls.send("MAIL FROM:<a@example.test>")).startsWith("250");
      }
    }
  }

  @Test
  void commandsPipelinedAfterStartTlsAreDiscarded() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      plain.send("EHLO client.example.test");
      // One write: RSET (and a half line) must not be executed, neither now nor after TLS.
      plain.write("STARTTLS\r\nRSET\r\nMAIL FROM:<evil@example.test>\r\nNO");
      assertThat(plain.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "127.0.0.1")) {
        // The first reply over TLS answers the first command sent over TLS.
        assertThat(tls.send("NOOP")).startsWith("250 ");
        assertThat(tls.send("EHLO client.example.test")).startsWith("250-");
        assertThat(tls.send("MAIL FROM:<a@example.test>")).startsWith("250");
      }
    }
  }

  @Test
  void aFailedHandshakeClosesOnlyThatConnection() {
    try (SmtpWire broken = SmtpWire.connect(server);
        SmtpWire other = SmtpWire.connect(server)) {
      broken.send("EHLO client.example.test");
      assertThat(broken.send("STARTTLS")).startsWith("220");
      broken.write("this is not a TLS record\r\n");
      assertThat(broken.readUntilClosed()).doesNotContain("250"); // a TLS alert, then closed
      assertThat(other.send("EHLO client.example.test")).contains("STARTTLS");
    }
  }
}
