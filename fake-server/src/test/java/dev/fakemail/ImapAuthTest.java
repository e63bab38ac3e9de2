package dev.fakemail;

import static dev.fakemail.SaslClients.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IMAP AUTHENTICATE (RFC 3501 §6.2.2, SASL-IR RFC 4959) for every mechanism, LOGIN, and the
 * capabilities before and after STARTTLS with the TLS rules (LOGINDISABLED, RFC 5530
 * PRIVACYREQUIRED): Angus Mail with its native PLAIN, LOGIN and XOAUTH2, CRAM-MD5 through its SASL
 * path (the JDK's CRAM-MD5 client), over STARTTLS and IMAPS, and byte-level transcripts.
 * OAUTHBEARER through Angus is in {@link ImapOauthBearerTest}.
 */
class ImapAuthTest {
  static final String BOB = "bob@example.test";
  static final String PASSWORD = "s3cret";
  static final String TOKEN = "tok-bob";
  private static final String CAPS = ImapTranscriptTest.CAPS;
  private static final String CAPS_TLS = ImapTranscriptTest.CAPS_TLS;
  private static final String CLEARTEXT =
      "NO [PRIVACYREQUIRED] Cleartext authentication disallowed on non-secure (SSL/TLS)"
          + " connections.";
  private static final String DISALLOWED =
      "NO [PRIVACYREQUIRED] Authentication disallowed on non-secure (SSL/TLS) connections.";
  private static final String FAILED = "NO [AUTHENTICATIONFAILED] Authentication failed.";

  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    server = FakeMailServer.start(users().build());
    server.deliver(BOB, "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static FakeMailConfig.Builder users() {
    return FakeMailConfig.builder()
        .protocols(Protocol.IMAP, Protocol.IMAPS)
        .authMode(AuthMode.USERS)
        .user(BOB, PASSWORD)
        .oauthToken(BOB, TOKEN);
  }

  private static Properties startTls() {
    return server.tls().mailProperties(Protocol.IMAP, TlsMode.STARTTLS);
  }

  private static Properties implicit() {
    return server.tls().mailProperties(Protocol.IMAP, TlsMode.IMPLICIT);
  }

  // --- Angus Mail ---

  @Test
  void angusAuthenticatesWithPlainOverStartTlsAndIsRefusedAWrongPassword() throws Exception {
    String trace =
        AngusLogin.login(startTls(), BOB, PASSWORD, "mail.imap.auth.mechanisms", "PLAIN");
    assertThat(trace)
        .containsPattern("\\w+ STARTTLS\n\\w+ OK Begin TLS negotiation now.\n")
        .contains(
            " AUTHENTICATE PLAIN\n+ \n" + base64("\0" + BOB + "\0" + PASSWORD) + "\n",
            " OK [CAPABILITY " + CAPS + "] Logged in\n");
    assertAngusRefused(startTls(), "wrong", "mail.imap.auth.mechanisms", "PLAIN");
  }

  @Test
  void angusAuthenticatesWithLoginOverStartTlsAndIsRefusedAWrongPassword() throws Exception {
    String trace =
        AngusLogin.login(startTls(), BOB, PASSWORD, "mail.imap.auth.mechanisms", "LOGIN");
    assertThat(trace)
        .contains(" AUTHENTICATE LOGIN\n+ VXNlcm5hbWU6\n" + base64(BOB) + "\n+ UGFzc3dvcmQ6\n");
    assertAngusRefused(startTls(), "wrong", "mail.imap.auth.mechanisms", "LOGIN");
  }

  @Test
  void angusAuthenticatesWithXoauth2OverStartTlsAndIsRefusedAWrongToken() throws Exception {
    String trace = AngusLogin.login(startTls(), BOB, TOKEN, "mail.imap.auth.mechanisms", "XOAUTH2");
    assertThat(trace).contains(" AUTHENTICATE XOAUTH2 " + SaslClients.xoauth2(BOB, TOKEN) + "\n");
    assertAngusRefused(startTls(), "wrong", "mail.imap.auth.mechanisms", "XOAUTH2");
  }

  @Test
  void angusAuthenticatesWithCramMd5ThroughSaslOverStartTlsAndIsRefusedAWrongPassword()
      throws Exception {
    String[] sasl = {"mail.imap.sasl.enable", "true", "mail.imap.sasl.mechanisms", "CRAM-MD5"};
    String trace = AngusLogin.login(startTls(), BOB, PASSWORD, sasl);
    assertThat(trace).contains(" AUTHENTICATE CRAM-MD5\n+ ");
    assertAngusRefused(startTls(), "wrong", sasl);
  }

  @Test
  void angusLogsInWithTheLoginCommandWhenNoMechanismIsOffered() throws Exception {
    try (FakeMailServer none = FakeMailServer.start(users().authMechanisms().build())) {
      Properties props = none.tls().mailProperties(Protocol.IMAP, TlsMode.STARTTLS);
      assertThat(AngusLogin.login(props, BOB, PASSWORD)).contains(" LOGIN " + BOB + " " + PASSWORD);
      assertThatThrownBy(() -> AngusLogin.login(props, BOB, "wrong"))
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessage("[AUTHENTICATIONFAILED] Authentication failed.");
    }
  }

  @Test
  void angusAuthenticatesOverImapsWithEachMechanism() throws Exception {
    for (String mechanism : new String[] {"PLAIN", "LOGIN", "XOAUTH2"}) {
      String secret = mechanism.equals("XOAUTH2") ? TOKEN : PASSWORD;
      assertThat(AngusLogin.login(implicit(), BOB, secret, "mail.imap.auth.mechanisms", mechanism))
          .contains(" AUTHENTICATE " + mechanism)
          .doesNotContain("STARTTLS");
      assertAngusRefused(implicit(), "wrong", "mail.imap.auth.mechanisms", mechanism);
    }
    String[] sasl = {"mail.imap.sasl.enable", "true", "mail.imap.sasl.mechanisms", "CRAM-MD5"};
    assertThat(AngusLogin.login(implicit(), BOB, PASSWORD, sasl))
        .contains(" AUTHENTICATE CRAM-MD5");
    assertAngusRefused(implicit(), "wrong", sasl);
  }

  @Test
  void angusWithoutStartTlsSeesLoginDisabledWhenImapRequiresTlsAndLogsInWithStartTlsRequired()
      throws Exception {
    try (FakeMailServer tlsOnly = FakeMailServer.start(users().requireTls(Protocol.IMAP).build())) {
      Properties plain = AngusLogin.plain(tlsOnly, Protocol.IMAP);
      assertThatThrownBy(() -> AngusLogin.login(plain, BOB, PASSWORD))
          .as("LOGINDISABLED and no AUTH=: Angus has nothing to try")
          .isExactlyInstanceOf(MessagingException.class)
          .hasRootCauseMessage("No login methods supported!");
      Properties props = tlsOnly.tls().mailProperties(Protocol.IMAP, TlsMode.STARTTLS);
      assertThat(props.getProperty("mail.imap.starttls.required")).isEqualTo("true");
      assertThat(AngusLogin.login(props, BOB, PASSWORD))
          .contains("STARTTLS LOGINDISABLED]", "STARTTLS\n", " AUTHENTICATE PLAIN\n");
    }
  }

  private static void assertAngusRefused(Properties props, String secret, String... extra) {
    assertThatThrownBy(() -> AngusLogin.login(props, BOB, secret, extra))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("[AUTHENTICATIONFAILED] Authentication failed.");
  }

  // --- transcripts ---

  @Test
  void plainWithAndWithoutInitialResponseAndWithAnEmptyOne() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a AUTHENTICATE PLAIN ="))
          .isEqualTo(
              "a BAD Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password\r\n");
      assertThat(imap.send("b AUTHENTICATE PLAIN " + base64("\0" + BOB + "\0wrong")))
          .isEqualTo("b " + FAILED + "\r\n");
      assertThat(imap.send("c AUTHENTICATE PLAIN " + base64("admin\0" + BOB + "\0" + PASSWORD)))
          .as("no acting as another user")
          .isEqualTo("c " + FAILED + "\r\n");
      imap.write("d AUTHENTICATE plain\r\n");
      assertThat(imap.response()).isEqualTo("+ \r\n");
      imap.write(base64(BOB + "\0" + BOB + "\0" + PASSWORD) + "\r\n");
      assertThat(imap.response()).isEqualTo("d OK [CAPABILITY " + CAPS + "] Logged in\r\n");
      assertThat(imap.send("e SELECT INBOX")).contains("* 1 EXISTS");
    }
  }

  @Test
  void loginAsksForUserNameAndPasswordOrTakesTheNameAsInitialResponse() {
    try (ImapWire imap = ImapWire.connect(server)) {
      imap.write("a AUTHENTICATE LOGIN\r\n");
      assertThat(imap.response()).isEqualTo("+ VXNlcm5hbWU6\r\n"); // "Username:"
      imap.write(base64(BOB) + "\r\n");
      assertThat(imap.response()).isEqualTo("+ UGFzc3dvcmQ6\r\n"); // "Password:"
      imap.write(base64("wrong") + "\r\n");
      assertThat(imap.response()).isEqualTo("a " + FAILED + "\r\n");
      imap.write("b AUTHENTICATE LOGIN " + base64(BOB) + "\r\n");
      assertThat(imap.response()).isEqualTo("+ UGFzc3dvcmQ6\r\n");
      imap.write(base64(PASSWORD) + "\r\n");
      assertThat(imap.response()).isEqualTo("b OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void cramMd5ChallengesAndChecksTheJdkClientsDigest() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a AUTHENTICATE CRAM-MD5 " + base64(BOB)))
          .isEqualTo("a BAD CRAM-MD5 does not take an initial response\r\n");
      imap.write("b AUTHENTICATE CRAM-MD5\r\n");
      String challenge = imap.line();
      assertThat(SaslClients.decode(challenge.substring(2))).matches("<\\d+\\.\\d+@localhost>");
      imap.write(SaslClients.cramMd5(BOB, "wrong", challenge.substring(2)) + "\r\n");
      assertThat(imap.response()).isEqualTo("b " + FAILED + "\r\n");
      imap.write("c AUTHENTICATE CRAM-MD5\r\n");
      imap.line();
      imap.write(base64(BOB + " nothex") + "\r\n");
      assertThat(imap.response())
          .isEqualTo("c BAD Malformed CRAM-MD5 response: expected user SP 32 hex digits\r\n");
      imap.write("d AUTHENTICATE CRAM-MD5\r\n");
      challenge = imap.line();
      imap.write(SaslClients.cramMd5(BOB, PASSWORD, challenge.substring(2)) + "\r\n");
      assertThat(imap.response()).isEqualTo("d OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void xoauth2AcceptsTheTokenAndAnswersAWrongOneWithGooglesErrorChallenge() {
    try (ImapWire imap = ImapWire.connect(server)) {
      imap.write("a AUTHENTICATE XOAUTH2 " + SaslClients.xoauth2(BOB, "wrong") + "\r\n");
      String error = imap.line();
      assertThat(SaslClients.decode(error.substring(2)))
          .isEqualTo(
              "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");
      imap.write("\r\n");
      assertThat(imap.response()).isEqualTo("a " + FAILED + "\r\n");
      imap.write("b AUTHENTICATE XOAUTH2\r\n");
      assertThat(imap.response()).isEqualTo("+ \r\n");
      imap.write(SaslClients.xoauth2(BOB, TOKEN) + "\r\n");
      assertThat(imap.response()).isEqualTo("b OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void oauthBearerAcceptsTheTokenAndAnswersAWrongOneWithAnErrorChallenge() {
    try (ImapWire imap = ImapWire.connect(server)) {
      assertThat(imap.send("a AUTHENTICATE OAUTHBEARER " + base64("n,a=" + BOB + ",auth=x")))
          .isEqualTo(
              "a BAD Malformed OAUTHBEARER response: expected n,a=<user>,^Aauth=Bearer"
                  + " <token>^A^A (RFC 7628)\r\n");
      imap.write("b AUTHENTICATE OAUTHBEARER " + SaslClients.oauthBearer(BOB, "wrong") + "\r\n");
      String error = imap.line();
      assertThat(SaslClients.decode(error.substring(2)))
          .isEqualTo("{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
      imap.write(base64("\1") + "\r\n"); // RFC 7628 §3.2.3: the client answers ^A
      assertThat(imap.response()).isEqualTo("b " + FAILED + "\r\n");
      assertThat(imap.send("c AUTHENTICATE OAUTHBEARER " + SaslClients.oauthBearer(null, TOKEN)))
          .as("the token names the user")
          .isEqualTo("c OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void cancelsWithAStarAndRefusesBadBase64AndUnknownMechanisms() {
    try (ImapWire imap = ImapWire.connect(server)) {
      imap.write("a AUTHENTICATE LOGIN\r\n");
      assertThat(imap.response()).isEqualTo("+ VXNlcm5hbWU6\r\n");
      imap.write(base64(BOB) + "\r\n");
      assertThat(imap.response()).isEqualTo("+ UGFzc3dvcmQ6\r\n");
      imap.write("*\r\n");
      assertThat(imap.response()).isEqualTo("a BAD Authentication aborted by client.\r\n");
      imap.write("b AUTHENTICATE CRAM-MD5\r\n");
      assertThat(imap.line()).startsWith("+ ");
      imap.write("not base64!\r\n");
      assertThat(imap.response()).isEqualTo("b BAD Invalid base64 data in the response.\r\n");
      assertThat(imap.send("c AUTHENTICATE XOAUTH2 not-base64!"))
          .isEqualTo("c BAD Invalid base64 data in the response.\r\n");
      assertThat(imap.send("d AUTHENTICATE NTLM"))
          .isEqualTo("d NO Unsupported authentication mechanism.\r\n");
      assertThat(imap.send("e AUTHENTICATE"))
          .isEqualTo("e BAD Syntax error in AUTHENTICATE: Missing arguments\r\n");
      assertThat(imap.send("f LOGIN " + BOB + " " + PASSWORD)).startsWith("f OK ");
    }
  }

  @Test
  void advertisesAndAcceptsOnlyTheConfiguredMechanisms() {
    try (FakeMailServer some =
            FakeMailServer.start(
                users().authMechanisms(AuthMechanism.CRAM_MD5, AuthMechanism.PLAIN).build());
        ImapWire imap = ImapWire.connect(some)) {
      assertThat(imap.greeting())
          .isEqualTo(
              "* OK [CAPABILITY "
                  + CAPS
                  + " STARTTLS AUTH=CRAM-MD5 AUTH=PLAIN] FakeMail IMAP4rev1 server ready.\r\n");
      assertThat(imap.send("a AUTHENTICATE LOGIN"))
          .isEqualTo("a NO Unsupported authentication mechanism.\r\n");
      assertThat(imap.send("b AUTHENTICATE PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("b OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void withNoMechanismsNoAuthIsAdvertisedAndLoginStillWorks() {
    try (FakeMailServer none = FakeMailServer.start(users().authMechanisms().build());
        ImapWire imap = ImapWire.connect(none)) {
      assertThat(imap.send("a CAPABILITY"))
          .isEqualTo("* CAPABILITY " + CAPS + " STARTTLS\r\na OK Capability completed.\r\n");
      assertThat(imap.send("b AUTHENTICATE PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("b NO Unsupported authentication mechanism.\r\n");
      assertThat(imap.send("c LOGIN " + BOB + " " + PASSWORD))
          .isEqualTo("c OK [CAPABILITY " + CAPS + "] Logged in\r\n");
    }
  }

  @Test
  void withNoMechanismsAndAuthRequiringTlsLoginWaitsForStartTls() {
    try (FakeMailServer none =
        FakeMailServer.start(users().authMechanisms().authRequiresTls(true).build())) {
      try (ImapWire plain = ImapWire.connect(none)) {
        assertThat(plain.greeting()).contains(" STARTTLS LOGINDISABLED]");
        assertThat(plain.send("a LOGIN " + BOB + " " + PASSWORD))
            .isEqualTo("a " + CLEARTEXT + "\r\n");
        assertThat(plain.send("b STARTTLS")).isEqualTo("b OK Begin TLS negotiation now.\r\n");
        try (ImapWire tls = plain.startTls(none.tls().socketFactory(), "localhost")) {
          assertThat(tls.send("c CAPABILITY"))
              .isEqualTo("* CAPABILITY " + CAPS + "\r\nc OK Capability completed.\r\n");
          assertThat(tls.send("d LOGIN " + BOB + " " + PASSWORD)).startsWith("d OK ");
        }
      }
    }
  }

  @Test
  void authRequiresTlsAdvertisesLoginDisabledUntilStartTls() {
    try (FakeMailServer tlsAuth = FakeMailServer.start(users().authRequiresTls(true).build())) {
      assertRefusedBeforeStartTlsAndAllowedAfter(tlsAuth);
    }
  }

  @Test
  void requireTlsForImapDoesTheSame() {
    try (FakeMailServer tlsOnly = FakeMailServer.start(users().requireTls(Protocol.IMAP).build())) {
      assertRefusedBeforeStartTlsAndAllowedAfter(tlsOnly);
    }
  }

  @Test
  void imapsIsNeverAffectedByTheTlsRules() {
    try (FakeMailServer tlsOnly =
            FakeMailServer.start(users().requireTls(Protocol.IMAP).authRequiresTls(true).build());
        ImapWire imap = ImapWire.connectImplicit(tlsOnly)) {
      assertThat(imap.greeting())
          .isEqualTo("* OK [CAPABILITY " + CAPS_TLS + "] FakeMail IMAP4rev1 server ready.\r\n");
      assertThat(imap.send("a LOGIN " + BOB + " " + PASSWORD)).startsWith("a OK ");
    }
  }

  @Test
  void anyModeTakesAnySecretWithEveryMechanism() {
    String ok = "a OK [CAPABILITY " + CAPS + "] Logged in\r\n";
    try (FakeMailServer any =
        FakeMailServer.start(FakeMailConfig.builder().protocols(Protocol.IMAP).build())) {
      try (ImapWire imap = ImapWire.connect(any)) {
        assertThat(imap.send("a AUTHENTICATE PLAIN " + base64("\0carol\0whatever"))).isEqualTo(ok);
      }
      try (ImapWire imap = ImapWire.connect(any)) {
        imap.write("a AUTHENTICATE LOGIN " + base64("carol") + "\r\n");
        assertThat(imap.response()).isEqualTo("+ UGFzc3dvcmQ6\r\n");
        imap.write(base64("whatever") + "\r\n");
        assertThat(imap.response()).isEqualTo(ok);
      }
      try (ImapWire imap = ImapWire.connect(any)) {
        imap.write("a AUTHENTICATE CRAM-MD5\r\n");
        String challenge = imap.line().substring(2);
        imap.write(SaslClients.cramMd5("carol", "whatever", challenge) + "\r\n");
        assertThat(imap.response()).isEqualTo(ok);
      }
      try (ImapWire imap = ImapWire.connect(any)) {
        assertThat(imap.send("a AUTHENTICATE XOAUTH2 " + SaslClients.xoauth2("carol", "any-token")))
            .isEqualTo(ok);
      }
      try (ImapWire imap = ImapWire.connect(any)) {
        assertThat(
                imap.send(
                    "a AUTHENTICATE OAUTHBEARER " + SaslClients.oauthBearer("carol", "any-token")))
            .isEqualTo(ok);
      }
    }
  }

  private static void assertRefusedBeforeStartTlsAndAllowedAfter(FakeMailServer server) {
    String loginDisabled = CAPS + " STARTTLS LOGINDISABLED";
    try (ImapWire plain = ImapWire.connect(server)) {
      assertThat(plain.greeting())
          .isEqualTo(
              "* OK [CAPABILITY " + loginDisabled + "] FakeMail IMAP4rev1 server ready.\r\n");
      assertThat(plain.send("a CAPABILITY"))
          .isEqualTo("* CAPABILITY " + loginDisabled + "\r\na OK Capability completed.\r\n");
      assertThat(plain.send("b LOGIN " + BOB + " " + PASSWORD))
          .isEqualTo("b " + CLEARTEXT + "\r\n");
      assertThat(plain.send("c AUTHENTICATE PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("c " + DISALLOWED + "\r\n");
      assertThat(plain.send("d AUTHENTICATE CRAM-MD5")).isEqualTo("d " + DISALLOWED + "\r\n");
      assertThat(plain.send("e SELECT INBOX"))
          .isEqualTo("e BAD Log in first: SELECT needs LOGIN or AUTHENTICATE\r\n");
      assertThat(plain.send("f STARTTLS")).isEqualTo("f OK Begin TLS negotiation now.\r\n");
      try (ImapWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("g CAPABILITY"))
            .isEqualTo("* CAPABILITY " + CAPS_TLS + "\r\ng OK Capability completed.\r\n");
        assertThat(tls.send("h AUTHENTICATE PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
            .isEqualTo("h OK [CAPABILITY " + CAPS + "] Logged in\r\n");
      }
    }
    try (ImapWire plain = ImapWire.connect(server)) {
      assertThat(plain.send("a STARTTLS")).startsWith("a OK ");
      try (ImapWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("b LOGIN " + BOB + " " + PASSWORD))
            .isEqualTo("b OK [CAPABILITY " + CAPS + "] Logged in\r\n");
      }
    }
  }
}
