package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.SmtpAuthTranscriptTest.BOB;
import static dev.fakemail.SmtpAuthTranscriptTest.PASSWORD;
import static dev.fakemail.SmtpAuthTranscriptTest.TOKEN;
import static dev.fakemail.SmtpAuthTranscriptTest.XOAUTH2_ERROR;
import static dev.fakemail.SmtpAuthTranscriptTest.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.security.Security;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP AUTH with Angus Mail in {@link AuthMode#USERS}, over STARTTLS (and SMTPS), trusting the
 * server through {@link FakeMailServer#tls()} only: Angus's own LOGIN, PLAIN and XOAUTH2, and its
 * {@code javax.security.sasl} path for CRAM-MD5 (the JDK's client), XOAUTH2 (Angus's client) and
 * OAUTHBEARER ({@link TestOAuthBearerSasl}, a test-only client: no stock Java client speaks it).
 */
class SmtpAuthEndToEndTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server =
        FakeMailServer.start(
            SmtpAuthTranscriptTest.users()
                .protocols(Protocol.SMTP, Protocol.SMTPS)
                .authRequiresTls(true)
                .build());
    Security.addProvider(new TestOAuthBearerSasl.Provider());
  }

  @AfterAll
  static void stop() {
    Security.removeProvider(TestOAuthBearerSasl.Provider.NAME);
    server.close();
  }

  @BeforeEach
  void clear() {
    server.inbox().clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PLAIN", "LOGIN", "XOAUTH2"})
  void angusAuthenticatesOverStartTls(String mechanism) throws Exception {
    String secret = mechanism.equals("XOAUTH2") ? TOKEN : PASSWORD; // XOAUTH2: token as password
    Session session = startTls("mail.smtp.auth.mechanisms", mechanism);
    send(session, BOB, secret, "By " + mechanism);
    ReceivedMail mail = server.inbox().awaitMessage(subject("By " + mechanism));
    assertThat(mail.envelope().authenticatedUser()).hasValue(BOB);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PLAIN", "LOGIN"})
  void angusReportsWrongPasswords(String mechanism) throws Exception {
    Session session = startTls("mail.smtp.auth.mechanisms", mechanism);
    assertThatThrownBy(() -> send(session, BOB, "wrong", "never"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("535 5.7.8 Authentication credentials invalid\n");
    assertThat(server.inbox().messages()).isEmpty();
  }

  @Test
  void angusXoauth2ReportsTheErrorChallengeOfAWrongToken() throws Exception {
    Session session = startTls("mail.smtp.auth.mechanisms", "XOAUTH2");
    // Angus's own XOAUTH2 does not answer the error challenge: it hangs up and reports it
    assertThatThrownBy(() -> send(session, BOB, "wrong-token", "never"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("334 " + b64(XOAUTH2_ERROR) + "\n");
    assertThat(server.inbox().messages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"CRAM-MD5", "XOAUTH2", "OAUTHBEARER"})
  void angusSaslAuthenticates(String mechanism) throws Exception {
    String secret = mechanism.equals("CRAM-MD5") ? PASSWORD : TOKEN;
    Session session = sasl(mechanism);
    send(session, BOB, secret, "SASL " + mechanism);
    ReceivedMail mail = server.inbox().awaitMessage(subject("SASL " + mechanism));
    assertThat(mail.envelope().authenticatedUser()).hasValue(BOB);
  }

  /**
   * Through SASL every mechanism runs to the end: for the token mechanisms the client answers the
   * error challenge (XOAUTH2 with an empty line, OAUTHBEARER with ^A) and gets the 535.
   */
  @ParameterizedTest
  @ValueSource(strings = {"CRAM-MD5", "XOAUTH2", "OAUTHBEARER"})
  void angusSaslGetsThe535ForWrongCredentials(String mechanism) throws Exception {
    Session session = sasl(mechanism);
    SMTPTransport transport = (SMTPTransport) session.getTransport("smtp");
    assertThatThrownBy(() -> transport.connect(BOB, "wrong"))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(transport.getLastServerResponse())
        .isEqualTo("535 5.7.8 Authentication credentials invalid\n");
    assertThat(transport.isConnected()).isFalse();
  }

  @Test
  void angusAuthenticatesOverSmtps() throws Exception {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    props.setProperty("mail.smtp.auth", "true");
    props.setProperty("mail.smtp.auth.mechanisms", "LOGIN");
    Session session = Session.getInstance(props);
    assertThatThrownBy(() -> send(session, BOB, "wrong", "never"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("535 5.7.8 Authentication credentials invalid\n");
    send(session, BOB, PASSWORD, "Over SMTPS");
    ReceivedMail mail = server.inbox().awaitMessage(subject("Over SMTPS"));
    assertThat(mail.envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void angusWithoutStartTlsSeesNoAuthAndSendsUnauthenticated() throws Exception {
    // authRequiresTls: nothing is advertised before TLS, so Angus does not even try
    Session session = AngusClient.session(server, "mail.smtp.auth", "true");
    send(session, BOB, PASSWORD, "Plain text");
    ReceivedMail mail = server.inbox().awaitMessage(subject("Plain text"));
    assertThat(mail.envelope().authenticatedUser()).isEmpty();
  }

  /** The README's example: a user that has only a token, no password. */
  @Test
  void xoauth2ForAUserWithOnlyAToken() throws Exception {
    FakeMailConfig config =
        FakeMailConfig.builder()
            .authMode(AuthMode.USERS)
            .oauthToken("app@shop.test", "ya29.test-token")
            .build();
    try (FakeMailServer own = FakeMailServer.start(config)) {
      Properties props = own.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
      props.setProperty("mail.smtp.auth", "true");
      props.setProperty("mail.smtp.auth.mechanisms", "XOAUTH2");
      Session session = Session.getInstance(props);
      MimeMessage m =
          AngusClient.message(session, "app@shop.test", "bob@example.test", "Token", "hi");
      try (Transport t = session.getTransport("smtp")) {
        t.connect("app@shop.test", "ya29.test-token"); // the token is the password
        t.sendMessage(m, m.getAllRecipients());
      }
      assertThat(own.inbox().awaitMessage(subject("Token")).envelope().authenticatedUser())
          .hasValue("app@shop.test");
      try (Transport t = session.getTransport("smtp")) {
        assertThatThrownBy(() -> t.connect("app@shop.test", "a password"))
            .isInstanceOf(AuthenticationFailedException.class)
            .hasMessage("334 " + b64(XOAUTH2_ERROR) + "\n");
      }
    }
  }

  /**
   * A session that logs in through Angus's SASL support with only {@code mechanism}. Its native
   * mechanisms are narrowed to DIGEST-MD5, which the server does not offer: should SASL not work,
   * Angus would fall back to them and fail, instead of passing the test with LOGIN.
   */
  private static Session sasl(String mechanism) {
    return startTls(
        "mail.smtp.sasl.enable",
        "true",
        "mail.smtp.sasl.mechanisms",
        mechanism,
        "mail.smtp.auth.mechanisms",
        "DIGEST-MD5");
  }

  /** A session for the STARTTLS port that logs in; {@code extra} are property name/value pairs. */
  private static Session startTls(String... extra) {
    Properties props = server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    props.setProperty("mail.smtp.auth", "true");
    props.setProperty("mail.smtp.connectiontimeout", "5000");
    props.setProperty("mail.smtp.timeout", "10000");
    for (int i = 0; i < extra.length; i += 2) {
      props.setProperty(extra[i], extra[i + 1]);
    }
    return Session.getInstance(props);
  }

  private static void send(Session session, String user, String secret, String subject)
      throws MessagingException {
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "alice@example.test", subject, "hi");
    try (Transport t = session.getTransport("smtp")) {
      t.connect(user, secret);
      t.sendMessage(m, m.getAllRecipients());
    }
  }
}
