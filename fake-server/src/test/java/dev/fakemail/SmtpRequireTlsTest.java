package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.SmtpAuthTranscriptTest.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Require-TLS mode on SMTP ({@code requireTls(Protocol.SMTP)}, RFC 3207 §4): a plain connection may
 * only greet, NOOP, RSET, STARTTLS and QUIT; everything else gets {@code 530 5.7.0 Must issue a
 * STARTTLS command first}. After STARTTLS, and on the SMTPS and LMTP listeners, nothing changes.
 */
class SmtpRequireTlsTest {
  static final String MUST_STARTTLS = "530 5.7.0 Must issue a STARTTLS command first";

  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.SMTPS, Protocol.LMTP)
                .requireTls(Protocol.SMTP)
                .authMode(AuthMode.USERS)
                .user("bob@example.test", "s3cret")
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.inbox().clear();
  }

  @Test
  void commandsInLowerCaseAreRefusedToo() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      smtp.send("ehlo client.example.test");
      assertThat(smtp.send("mail from:<app@example.test>")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("Rcpt To:<bob@example.test>")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("data")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("auth plain " + b64("\0bob@example.test\0s3cret")))
          .isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("noop")).isEqualTo("250 2.0.0 OK");
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void beforeTlsOnlyGreetingNoopRsetStartTlsAndQuitAreServed() {
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("EHLO client.example.test"))
          .as("STARTTLS offered, AUTH not")
          .isEqualTo(
              String.join(
                  "\n",
                  "250-localhost Hello client.example.test [127.0.0.1]",
                  "250-PIPELINING",
                  "250-ENHANCEDSTATUSCODES",
                  "250-8BITMIME",
                  "250-STARTTLS",
                  "250 SIZE " + server.config().maxMessageSize()));
      assertThat(smtp.send("HELO client.example.test")).startsWith("250 localhost Hello");
      assertThat(smtp.send("NOOP")).isEqualTo("250 2.0.0 OK");
      assertThat(smtp.send("RSET")).isEqualTo("250 2.0.0 OK");
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("RCPT TO:<bob@example.test>")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("DATA")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("AUTH PLAIN " + b64("\0bob@example.test\0s3cret")))
          .isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("VRFY bob@example.test")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("EXPN staff")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("HELP")).isEqualTo(MUST_STARTTLS);
      assertThat(smtp.send("FROBNICATE"))
          .as("an unknown command is still unknown, as in Postfix")
          .isEqualTo("500 5.5.1 Command FROBNICATE unrecognized.");
      assertThat(smtp.send("QUIT"))
          .isEqualTo("221 2.0.0 localhost Service closing transmission channel");
      assertThat(smtp.readUntilClosed()).isEmpty();
    }
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void afterStartTlsEverythingWorks() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).contains("250-STARTTLS");
      assertThat(plain.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("EHLO client.example.test"))
            .doesNotContain("STARTTLS")
            .endsWith("\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");
        assertThat(tls.send("VRFY bob@example.test")).startsWith("252 ");
        assertThat(tls.send("AUTH PLAIN " + b64("\0bob@example.test\0s3cret")))
            .isEqualTo("235 2.7.0 Authentication successful");
        SmtpAuthTranscriptTest.deliver(tls);
      }
    }
    ReceivedMail mail = server.inbox().awaitMessage();
    assertThat(mail.envelope().authenticatedUser()).hasValue("bob@example.test");
  }

  @Test
  void commandsPipelinedAfterStartTlsAreStillDiscarded() {
    try (SmtpWire plain = SmtpWire.connect(server)) {
      plain.send("EHLO client.example.test");
      // one write: nothing after STARTTLS may run, neither now (530) nor after the handshake
      plain.write("STARTTLS\r\nMAIL FROM:<evil@example.test>\r\nRCPT TO:<x@example.test>\r\nNO");
      assertThat(plain.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "127.0.0.1")) {
        assertThat(tls.send("NOOP")).as("the first reply over TLS").isEqualTo("250 2.0.0 OK");
        assertThat(tls.send("RCPT TO:<bob@example.test>"))
            .as("the pipelined MAIL never ran")
            .isEqualTo("503 5.5.0 Need MAIL before RCPT");
        SmtpAuthTranscriptTest.deliver(tls);
      }
    }
    assertThat(server.inbox().awaitMessage().envelope().mailFrom()).isEqualTo("app@example.test");
  }

  @Test
  void smtpsIsNeverAffected() {
    try (SmtpWire smtps = SmtpWire.smtps(server)) {
      assertThat(smtps.send("EHLO client.example.test"))
          .endsWith("\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");
      SmtpAuthTranscriptTest.deliver(smtps);
    }
    assertThat(server.inbox().awaitMessage().envelope().recipients())
        .containsExactly("someone@example.test");
  }

  @Test
  void lmtpIsNeverAffected() {
    try (SmtpWire lmtp = SmtpWire.lmtp(server)) {
      assertThat(lmtp.send("LHLO mta.example.test")).startsWith("250-");
      assertThat(lmtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
      assertThat(lmtp.send("DATA")).startsWith("354 ");
      assertThat(lmtp.send("Subject: by LMTP\r\n\r\n.")).startsWith("250 ");
    }
    assertThat(server.inbox().awaitMessage(to("bob@example.test")).subject()).isEqualTo("by LMTP");
  }

  @Test
  void angusWithoutStartTlsGetsThe530() throws Exception {
    Session session = AngusClient.session(server);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", "Plain", "hi");
    assertThatThrownBy(() -> AngusClient.send(session, m))
        .isInstanceOf(SMTPSendFailedException.class)
        .hasMessage(MUST_STARTTLS + "\n");
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void angusWithStartTlsRequiredSendsAndAuthenticates() throws Exception {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    props.setProperty("mail.smtp.auth", "true");
    Session session = Session.getInstance(props);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "carol@example.test", "Over TLS", "hi");
    try (Transport t = session.getTransport("smtp")) {
      t.connect("bob@example.test", "s3cret");
      t.sendMessage(m, m.getAllRecipients());
    }
    ReceivedMail mail = server.inbox().awaitMessage(to("carol@example.test"));
    assertThat(mail.subject()).isEqualTo("Over TLS");
    assertThat(mail.envelope().authenticatedUser()).hasValue("bob@example.test");
  }

  @Test
  void angusWithStartTlsRequiredButNoAuthAlsoSends() throws MessagingException {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    Session session = Session.getInstance(props);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "dave@example.test", "No auth", "hi");
    AngusClient.send(session, m);
    assertThat(server.inbox().awaitMessage(to("dave@example.test")).envelope().authenticatedUser())
        .isEmpty();
  }
}
