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
 * POP3 AUTH (RFC 5034) for every mechanism, CAPA (RFC 2449) and login before and after STLS (RFC
 * 2595): Angus Mail logging in with the mechanisms it has (PLAIN, XOAUTH2 and USER/PASS, which
 * Angus POP3 calls LOGIN), over STLS and over POP3S, and byte-level transcripts for the rest: SASL
 * LOGIN, CRAM-MD5 (the JDK's own CRAM-MD5 client computes the answer; Angus POP3 has no SASL path)
 * and OAUTHBEARER (no stock client speaks it).
 */
class Pop3AuthTest {
  private static final String BOB = "bob@example.test";
  private static final String PASSWORD = "s3cret";
  private static final String TOKEN = "tok-bob";
  private static final String ALL_SASL = "SASL PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER";
  private static final String CLEARTEXT =
      "-ERR Cleartext authentication disallowed on non-secure (SSL/TLS) connections.";
  private static final String DISALLOWED =
      "-ERR Authentication disallowed on non-secure (SSL/TLS) connections.";

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

  private static FakeMailConfig.Builder users() {
    return FakeMailConfig.builder()
        .protocols(Protocol.POP3, Protocol.POP3S)
        .authMode(AuthMode.USERS)
        .user(BOB, PASSWORD)
        .oauthToken(BOB, TOKEN);
  }

  private static Properties stls() {
    return server.tls().mailProperties(Protocol.POP3, TlsMode.STARTTLS);
  }

  // --- Angus Mail ---

  @Test
  void angusLogsInWithPlainOverStlsAndIsRefusedAWrongPassword() throws Exception {
    String trace = AngusLogin.login(stls(), BOB, PASSWORD, "mail.pop3.auth.mechanisms", "PLAIN");
    assertThat(trace)
        .contains(
            "STLS\n+OK Begin TLS negotiation\n",
            "AUTH PLAIN " + base64(BOB + "\0" + BOB + "\0" + PASSWORD));
    assertThatThrownBy(
            () -> AngusLogin.login(stls(), BOB, "wrong", "mail.pop3.auth.mechanisms", "PLAIN"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("Authentication failed.");
  }

  @Test
  void angusLogsInWithUserAndPassOverStlsAndIsRefusedAWrongPassword() throws Exception {
    String trace = AngusLogin.login(stls(), BOB, PASSWORD, "mail.pop3.auth.mechanisms", "LOGIN");
    assertThat(trace).contains("USER " + BOB + "\n", "PASS " + PASSWORD + "\n");
    assertThatThrownBy(
            () -> AngusLogin.login(stls(), BOB, "wrong", "mail.pop3.auth.mechanisms", "LOGIN"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessage("Authentication failed.");
  }

  @Test
  void angusLogsInWithXoauth2OverStlsAndIsRefusedAWrongToken() throws Exception {
    String trace = AngusLogin.login(stls(), BOB, TOKEN, "mail.pop3.auth.mechanisms", "XOAUTH2");
    assertThat(trace).contains("AUTH XOAUTH2 " + SaslClients.xoauth2(BOB, TOKEN));
    assertThatThrownBy(
            () -> AngusLogin.login(stls(), BOB, "wrong", "mail.pop3.auth.mechanisms", "XOAUTH2"))
        .satisfies(Pop3AuthTest::isAngusXoauth2Failure);
  }

  /**
   * How a wrong XOAUTH2 token fails in Angus POP3 2.0.5: we answer with Google's error challenge
   * ({@code + <base64 JSON>}), which Angus's POP3 reader takes for success ({@code +} counts as OK
   * there; its XOAUTH2 authenticator throws, but the exception is only logged). So connect returns
   * and the next command, STAT, is what we take as the client's acknowledgement of the error
   * challenge: it gets the failure, and opening INBOX fails.
   */
  private static void isAngusXoauth2Failure(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(MessagingException.class)
        .hasRootCauseMessage("STAT command failed: Authentication failed.");
  }

  @Test
  void angusLogsInOverPop3sWithEachMechanismItHas() throws Exception {
    Properties implicit = server.tls().mailProperties(Protocol.POP3, TlsMode.IMPLICIT);
    for (String mechanism : new String[] {"PLAIN", "LOGIN", "XOAUTH2"}) {
      String secret = mechanism.equals("XOAUTH2") ? TOKEN : PASSWORD;
      AngusLogin.login(implicit, BOB, secret, "mail.pop3.auth.mechanisms", mechanism);
      assertThatThrownBy(
              () ->
                  AngusLogin.login(implicit, BOB, "wrong", "mail.pop3.auth.mechanisms", mechanism))
          .as(mechanism)
          .satisfies(
              thrown -> {
                if (mechanism.equals("XOAUTH2")) {
                  isAngusXoauth2Failure(thrown);
                } else {
                  assertThat(thrown)
                      .isInstanceOf(AuthenticationFailedException.class)
                      .hasMessage("Authentication failed.");
                }
              });
    }
  }

  @Test
  void angusWithoutStlsIsRefusedWhenPop3RequiresTlsAndLogsInWithStlsRequired() throws Exception {
    try (FakeMailServer tlsOnly = FakeMailServer.start(users().requireTls(Protocol.POP3).build())) {
      assertThatThrownBy(
              () -> AngusLogin.login(AngusLogin.plain(tlsOnly, Protocol.POP3), BOB, PASSWORD))
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessage(CLEARTEXT.substring(5));
      Properties props = tlsOnly.tls().mailProperties(Protocol.POP3, TlsMode.STARTTLS);
      assertThat(props.getProperty("mail.pop3.starttls.required")).isEqualTo("true");
      assertThat(AngusLogin.login(props, BOB, PASSWORD))
          .contains("STLS\n+OK Begin TLS negotiation\n", "USER " + BOB);
    }
  }

  // --- transcripts ---

  @Test
  void plainWithAndWithoutInitialResponseAndWithAnEmptyOne() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH PLAIN =")) // RFC 5034 §4: "=" is an empty initial response
          .isEqualTo(
              "-ERR Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
      assertThat(pop3.send("AUTH PLAIN " + base64("\0" + BOB + "\0wrong")))
          .isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("AUTH PLAIN")).isEqualTo("+ ");
      assertThat(pop3.send(base64("\0" + BOB + "\0" + PASSWORD))).isEqualTo("+OK Welcome " + BOB);
      assertThat(pop3.send("STAT")).startsWith("+OK 1 ");
    }
  }

  @Test
  void loginAsksForUserNameAndPasswordOrTakesTheNameAsInitialResponse() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH LOGIN")).isEqualTo("+ VXNlcm5hbWU6"); // "Username:"
      assertThat(pop3.send(base64(BOB))).isEqualTo("+ UGFzc3dvcmQ6"); // "Password:"
      assertThat(pop3.send(base64("wrong"))).isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("AUTH LOGIN " + base64(BOB))).isEqualTo("+ UGFzc3dvcmQ6");
      assertThat(pop3.send(base64(PASSWORD))).isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void cramMd5ChallengesAndChecksTheJdkClientsDigest() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH CRAM-MD5 " + base64(BOB)))
          .isEqualTo("-ERR CRAM-MD5 does not take an initial response");
      String challenge = pop3.send("AUTH CRAM-MD5");
      assertThat(challenge).startsWith("+ ");
      assertThat(SaslClients.decode(challenge.substring(2))).matches("<\\d+\\.\\d+@localhost>");
      assertThat(pop3.send(SaslClients.cramMd5(BOB, "wrong", challenge.substring(2))))
          .isEqualTo("-ERR Authentication failed.");
      challenge = pop3.send("AUTH CRAM-MD5").substring(2);
      assertThat(pop3.send(base64(BOB + " nothex")))
          .isEqualTo("-ERR Malformed CRAM-MD5 response: expected user SP 32 hex digits");
      challenge = pop3.send("AUTH CRAM-MD5").substring(2);
      assertThat(pop3.send(SaslClients.cramMd5(BOB, PASSWORD, challenge)))
          .isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void xoauth2AcceptsTheTokenAndAnswersAWrongOneWithGooglesErrorChallenge() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      String error = pop3.send("AUTH XOAUTH2 " + SaslClients.xoauth2(BOB, "wrong"));
      assertThat(error).startsWith("+ ");
      assertThat(SaslClients.decode(error.substring(2)))
          .isEqualTo(
              "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");
      assertThat(pop3.send("")).isEqualTo("-ERR Authentication failed.");
      assertThat(pop3.send("AUTH XOAUTH2")).isEqualTo("+ ");
      assertThat(pop3.send(SaslClients.xoauth2(BOB, TOKEN))).isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void oauthBearerAcceptsTheTokenAndAnswersAWrongOneWithAnErrorChallenge() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH OAUTHBEARER " + base64("n,a=" + BOB + ",auth=Bearer x")))
          .isEqualTo(
              "-ERR Malformed OAUTHBEARER response: expected n,a=<user>,^Aauth=Bearer"
                  + " <token>^A^A (RFC 7628)");
      String error = pop3.send("AUTH OAUTHBEARER " + SaslClients.oauthBearer(BOB, "wrong"));
      assertThat(SaslClients.decode(error.substring(2)))
          .isEqualTo("{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
      assertThat(pop3.send(base64("\1")))
          .isEqualTo("-ERR Authentication failed."); // RFC 7628 §3.2.3
      assertThat(pop3.send("AUTH OAUTHBEARER " + SaslClients.oauthBearer(null, TOKEN)))
          .as("the token names the user")
          .isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void cancelsWithAStarAndRefusesBadBase64AndUnknownMechanisms() {
    try (Pop3Wire pop3 = Pop3Wire.connect(server)) {
      assertThat(pop3.send("AUTH LOGIN")).isEqualTo("+ VXNlcm5hbWU6");
      assertThat(pop3.send(base64(BOB))).isEqualTo("+ UGFzc3dvcmQ6");
      assertThat(pop3.send("*")).isEqualTo("-ERR Authentication cancelled");
      assertThat(pop3.send("AUTH CRAM-MD5")).startsWith("+ ");
      assertThat(pop3.send("not base64!"))
          .isEqualTo("-ERR Cannot decode the response: it is not base64");
      assertThat(pop3.send("AUTH XOAUTH2 not-base64!"))
          .isEqualTo("-ERR Cannot decode the response: it is not base64");
      assertThat(pop3.send("AUTH PLAIN one two"))
          .isEqualTo("-ERR Usage: AUTH mechanism [initial-response]");
      assertThat(pop3.send("AUTH NTLM"))
          .isEqualTo(
              "-ERR Unsupported authentication mechanism NTLM; this server offers PLAIN, LOGIN,"
                  + " CRAM-MD5, XOAUTH2, OAUTHBEARER");
      assertThat(pop3.send("NOOP")).startsWith("-ERR Not logged in");
      assertThat(pop3.send("USER " + BOB)).startsWith("+OK");
      assertThat(pop3.send("PASS " + PASSWORD)).isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void offersOnlyTheConfiguredMechanisms() {
    try (FakeMailServer some =
            FakeMailServer.start(
                users().authMechanisms(AuthMechanism.CRAM_MD5, AuthMechanism.PLAIN).build());
        Pop3Wire pop3 = Pop3Wire.connect(some)) {
      assertThat(pop3.sendMulti("CAPA")).contains("SASL CRAM-MD5 PLAIN");
      assertThat(pop3.sendMulti("AUTH"))
          .containsExactly("+OK Mechanisms follow", "CRAM-MD5", "PLAIN");
      assertThat(pop3.send("AUTH LOGIN"))
          .isEqualTo(
              "-ERR Unsupported authentication mechanism LOGIN; this server offers CRAM-MD5, PLAIN");
    }
  }

  @Test
  void withNoMechanismsCapaHasNoSaslAndUserPassStillWorks() {
    try (FakeMailServer none = FakeMailServer.start(users().authMechanisms().build());
        Pop3Wire pop3 = Pop3Wire.connect(none)) {
      assertThat(pop3.sendMulti("CAPA"))
          .containsExactly(
              "+OK Capability list follows", "USER", "TOP", "UIDL", "PIPELINING", "STLS");
      assertThat(pop3.sendMulti("AUTH")).containsExactly("+OK Mechanisms follow");
      assertThat(pop3.send("AUTH PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo(
              "-ERR Unsupported authentication mechanism PLAIN; this server offers none: log in"
                  + " with USER and PASS or APOP");
      assertThat(pop3.send("USER " + BOB)).startsWith("+OK");
      assertThat(pop3.send("PASS " + PASSWORD)).isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void authRequiresTlsHidesUserAndSaslUntilStlsAndRefusesEveryLogin() {
    try (FakeMailServer tlsAuth = FakeMailServer.start(users().authRequiresTls(true).build())) {
      assertRefusedBeforeStlsAndAllowedAfter(tlsAuth);
    }
  }

  @Test
  void requireTlsForPop3DoesTheSame() {
    try (FakeMailServer tlsOnly = FakeMailServer.start(users().requireTls(Protocol.POP3).build())) {
      assertRefusedBeforeStlsAndAllowedAfter(tlsOnly);
    }
  }

  @Test
  void pop3sIsNeverAffectedByTheTlsRules() {
    try (FakeMailServer tlsOnly =
            FakeMailServer.start(users().requireTls(Protocol.POP3).authRequiresTls(true).build());
        Pop3Wire pop3 = Pop3Wire.connectImplicit(tlsOnly)) {
      assertThat(pop3.sendMulti("CAPA"))
          .containsExactly(
              "+OK Capability list follows", "USER", ALL_SASL, "TOP", "UIDL", "PIPELINING");
      assertThat(pop3.send("AUTH PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("+OK Welcome " + BOB);
    }
  }

  @Test
  void anyModeTakesAnySecretWithEveryMechanism() {
    try (FakeMailServer any = FakeMailServer.start()) {
      try (Pop3Wire pop3 = Pop3Wire.connect(any)) {
        assertThat(pop3.send("AUTH PLAIN " + base64("\0carol\0whatever")))
            .isEqualTo("+OK Welcome carol");
      }
      try (Pop3Wire pop3 = Pop3Wire.connect(any)) {
        assertThat(pop3.send("AUTH LOGIN " + base64("carol"))).isEqualTo("+ UGFzc3dvcmQ6");
        assertThat(pop3.send(base64("whatever"))).isEqualTo("+OK Welcome carol");
      }
      try (Pop3Wire pop3 = Pop3Wire.connect(any)) {
        String challenge = pop3.send("AUTH CRAM-MD5").substring(2);
        assertThat(pop3.send(SaslClients.cramMd5("carol", "whatever", challenge)))
            .isEqualTo("+OK Welcome carol");
      }
      try (Pop3Wire pop3 = Pop3Wire.connect(any)) {
        assertThat(pop3.send("AUTH XOAUTH2 " + SaslClients.xoauth2("carol", "any-token")))
            .isEqualTo("+OK Welcome carol");
      }
      try (Pop3Wire pop3 = Pop3Wire.connect(any)) {
        assertThat(pop3.send("AUTH OAUTHBEARER " + SaslClients.oauthBearer("carol", "any-token")))
            .isEqualTo("+OK Welcome carol");
      }
    }
  }

  private static void assertRefusedBeforeStlsAndAllowedAfter(FakeMailServer server) {
    try (Pop3Wire plain = Pop3Wire.connect(server)) {
      assertThat(plain.sendMulti("CAPA"))
          .containsExactly("+OK Capability list follows", "TOP", "UIDL", "PIPELINING", "STLS");
      assertThat(plain.send("USER " + BOB)).isEqualTo(CLEARTEXT);
      assertThat(plain.send("PASS " + PASSWORD)).isEqualTo(CLEARTEXT);
      assertThat(plain.send("APOP " + BOB + " 0123456789abcdef0123456789abcdef"))
          .isEqualTo(DISALLOWED);
      assertThat(plain.send("AUTH PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo(DISALLOWED);
      assertThat(plain.send("AUTH CRAM-MD5")).isEqualTo(DISALLOWED);
      assertThat(plain.sendMulti("AUTH")).containsExactly("+OK Mechanisms follow");
      assertThat(plain.send("STAT")).startsWith("-ERR Not logged in");
      assertThat(plain.send("STLS")).isEqualTo("+OK Begin TLS negotiation");
      try (Pop3Wire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.sendMulti("CAPA"))
            .containsExactly(
                "+OK Capability list follows", "USER", ALL_SASL, "TOP", "UIDL", "PIPELINING");
        assertThat(tls.send("AUTH PLAIN " + base64("\0" + BOB + "\0" + PASSWORD)))
            .isEqualTo("+OK Welcome " + BOB);
      }
    }
    try (Pop3Wire plain = Pop3Wire.connect(server)) {
      assertThat(plain.send("STLS")).startsWith("+OK");
      try (Pop3Wire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("USER " + BOB)).startsWith("+OK");
        assertThat(tls.send("PASS " + PASSWORD)).isEqualTo("+OK Welcome " + BOB);
      }
    }
  }
}
