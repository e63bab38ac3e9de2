package dev.fakemail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH (RFC 4954) byte for byte, in {@link AuthMode#USERS}: each mechanism's challenges and
 * responses, cancellation, responses that are not base64, the empty initial response {@code =},
 * mechanisms not offered, and the TLS rules ({@link FakeMailConfig.Builder#authRequiresTls}). Reply
 * texts are asserted verbatim: clients show them to users.
 */
class SmtpAuthTranscriptTest {
  static final String BOB = "bob@example.test";
  static final String PASSWORD = "s3cret";
  static final String TOKEN = "ya29.bob-token";

  static final String INVALID = "535 5.7.8 Authentication credentials invalid";
  static final String OK = "235 2.7.0 Authentication successful";
  static final String CANCELLED = "501 5.0.0 Authentication cancelled";
  static final String NOT_BASE64 = "501 5.5.2 Cannot decode the response: it is not base64";

  /** Google's XOAUTH2 error challenge, as sent after a wrong token. */
  static final String XOAUTH2_ERROR =
      "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}";

  /** RFC 7628 §3.2.2's error challenge, as sent after a wrong token. */
  static final String OAUTHBEARER_ERROR =
      "{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}";

  private FakeMailServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private FakeMailServer start(FakeMailConfig.Builder config) {
    server = FakeMailServer.start(config.build());
    return server;
  }

  static FakeMailConfig.Builder users() {
    return FakeMailConfig.builder()
        .authMode(AuthMode.USERS)
        .user(BOB, PASSWORD)
        .oauthToken(BOB, TOKEN);
  }

  @Test
  void plainWithoutInitialResponseSendsAnEmptyChallengeWithItsSpace() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      // RFC 4954 §8: "there is a single space following the 334"
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      assertThat(smtp.send(b64("\0" + BOB + "\0wrong"))).isEqualTo(INVALID);
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      assertThat(smtp.send(b64("\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void plainWithInitialResponseRefusesAnotherAuthorizationIdentity() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH PLAIN " + b64("\0" + BOB + "\0wrong"))).isEqualTo(INVALID);
      assertThat(smtp.send("AUTH PLAIN " + b64("admin@example.test\0" + BOB + "\0" + PASSWORD)))
          .as("PLAIN's authzid may only name the user itself")
          .isEqualTo("535 5.7.8 " + BOB + " may not act as another user (admin@example.test)");
      assertThat(smtp.send("auth plain " + b64(BOB + "\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
    }
  }

  @Test
  void emptyInitialResponseIsAnEqualsSign() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      // RFC 4954 §4: "=" is a zero-length initial response, which no mechanism here accepts
      assertThat(smtp.send("AUTH PLAIN ="))
          .isEqualTo(
              "501 5.5.2 Malformed AUTH PLAIN response: expected authzid NUL authcid NUL password");
      assertThat(smtp.send("AUTH LOGIN ="))
          .isEqualTo("501 5.5.2 Malformed AUTH LOGIN response: the user name is empty");
      assertThat(smtp.send("AUTH XOAUTH2 ="))
          .isEqualTo(
              "501 5.5.2 Malformed XOAUTH2 response: expected user=<user>^Aauth=Bearer <token>^A^A");
      assertThat(smtp.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
    }
  }

  @Test
  void loginAsksForUserNameThenPassword() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6"); // "Username:"
      assertThat(smtp.send(b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6"); // "Password:"
      assertThat(smtp.send(b64("wrong"))).isEqualTo(INVALID);
      assertThat(smtp.send("AUTH LOGIN " + b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send(b64(PASSWORD))).isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void cramMd5ChallengesWithATimestampAndChecksTheHmac() throws Exception {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      String challenge = challenge(smtp.send("AUTH CRAM-MD5"));
      assertThat(challenge).matches("<[0-9]+\\.[0-9]+@localhost>");
      assertThat(smtp.send(b64(BOB + " " + hmacMd5("wrong", challenge)))).isEqualTo(INVALID);

      String second = challenge(smtp.send("AUTH CRAM-MD5"));
      assertThat(second).as("a fresh challenge every time").isNotEqualTo(challenge);
      assertThat(smtp.send(b64(BOB + " " + hmacMd5(PASSWORD, second)))).isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void cramMd5RefusesAnInitialResponseAndAMalformedResponse() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH CRAM-MD5 " + b64(BOB + " 0123456789abcdef0123456789abcdef")))
          .isEqualTo("501 5.7.0 CRAM-MD5 does not take an initial response");
      challenge(smtp.send("AUTH CRAM-MD5"));
      assertThat(smtp.send(b64(BOB)))
          .isEqualTo("501 5.5.2 Malformed CRAM-MD5 response: expected user SP 32 hex digits");
    }
  }

  @Test
  void xoauth2AcceptsTheUsersTokenAndSendsGooglesErrorChallengeOtherwise() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH XOAUTH2 " + b64("user=" + BOB + "\1auth=Bearer nope\1\1")))
          .isEqualTo("334 " + b64(XOAUTH2_ERROR));
      assertThat(smtp.send("")).as("the client acknowledges with an empty line").isEqualTo(INVALID);
      // without an initial response: an empty challenge first
      assertThat(smtp.send("AUTH XOAUTH2")).isEqualTo("334 ");
      assertThat(smtp.send(b64("user=" + BOB + "\1auth=Bearer " + TOKEN + "\1\1"))).isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void oauthBearerAcceptsTheUsersTokenAndSendsTheRfc7628ErrorChallengeOtherwise() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      String wrong = "n,a=" + BOB + ",\1host=localhost\1port=25\1auth=Bearer nope\1\1";
      assertThat(smtp.send("AUTH OAUTHBEARER " + b64(wrong)))
          .isEqualTo("334 " + b64(OAUTHBEARER_ERROR));
      // RFC 7628 §3.2.3: the client answers the error with a single ^A
      assertThat(smtp.send("AQ==")).isEqualTo(INVALID);
      assertThat(smtp.send("AUTH OAUTHBEARER " + b64("n,a=x,\1")))
          .isEqualTo(
              "501 5.5.2 Malformed OAUTHBEARER response:"
                  + " expected n,a=<user>,^Aauth=Bearer <token>^A^A (RFC 7628)");
      assertThat(smtp.send("AUTH OAUTHBEARER")).isEqualTo("334 ");
      assertThat(smtp.send(b64("n,a=" + BOB + ",\1auth=Bearer " + TOKEN + "\1\1"))).isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void oauthBearerWithoutAuthorizationIdentityIsTheTokensUser() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH OAUTHBEARER " + b64("n,,\1auth=Bearer " + TOKEN + "\1\1")))
          .isEqualTo(OK);
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  @Test
  void anyModeAcceptsAnyCredentialsForEveryMechanismAndKeepsTheNameAsSent() throws Exception {
    start(FakeMailConfig.builder());
    String[] users = new String[5];
    for (int i = 0; i < users.length; i++) {
      users[i] = "User" + i + "@Example.TEST";
      try (SmtpWire smtp = SmtpWire.connect(server)) {
        switch (i) {
          case 0:
            assertThat(smtp.send("AUTH PLAIN " + b64("\0" + users[i] + "\0any"))).isEqualTo(OK);
            break;
          case 1:
            assertThat(smtp.send("AUTH LOGIN " + b64(users[i]))).startsWith("334 ");
            assertThat(smtp.send(b64("any"))).isEqualTo(OK);
            break;
          case 2:
            String challenge = challenge(smtp.send("AUTH CRAM-MD5"));
            assertThat(smtp.send(b64(users[i] + " " + hmacMd5("any", challenge)))).isEqualTo(OK);
            break;
          case 3:
            assertThat(smtp.send("AUTH XOAUTH2 " + b64("user=" + users[i] + "\1auth=Bearer x\1\1")))
                .isEqualTo(OK);
            break;
          default:
            assertThat(smtp.send("AUTH OAUTHBEARER " + b64("n,,\1auth=Bearer x\1\1")))
                .as("in ANY mode a token alone names nobody")
                .startsWith("334 ");
            assertThat(smtp.send("AQ==")).isEqualTo(INVALID);
            assertThat(
                    smtp.send(
                        "AUTH OAUTHBEARER " + b64("n,a=" + users[i] + ",\1auth=Bearer x\1\1")))
                .isEqualTo(OK);
        }
        deliver(smtp, "mail " + i);
      }
      assertThat(
              server
                  .inbox()
                  .awaitMessage(MailFilter.subject("mail " + i))
                  .envelope()
                  .authenticatedUser())
          .hasValue(users[i]);
    }
  }

  @Test
  void anAsteriskCancelsEveryKindOfChallenge() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      assertThat(smtp.send("*")).isEqualTo(CANCELLED);
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send("*")).isEqualTo(CANCELLED);
      assertThat(smtp.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
      assertThat(smtp.send(b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send("*")).isEqualTo(CANCELLED);
      challenge(smtp.send("AUTH CRAM-MD5"));
      assertThat(smtp.send("*")).isEqualTo(CANCELLED);
      assertThat(smtp.send("AUTH XOAUTH2")).isEqualTo("334 ");
      assertThat(smtp.send("*")).isEqualTo(CANCELLED);
      assertThat(smtp.send("AUTH OAUTHBEARER " + b64("n,a=" + BOB + ",\1auth=Bearer no\1\1")))
          .startsWith("334 ");
      assertThat(smtp.send("*")).as("also the error challenge").isEqualTo(CANCELLED);
      assertThat(smtp.send("NOOP")).as("the session goes on").startsWith("250 ");
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void refusesResponsesThatAreNotBase64() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH PLAIN not*base64")).isEqualTo(NOT_BASE64);
      assertThat(smtp.send("AUTH CRAM-MD5 %%%")).isEqualTo(NOT_BASE64);
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      assertThat(smtp.send("%%%")).isEqualTo(NOT_BASE64);
      assertThat(smtp.send("AUTH LOGIN " + b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send("pass word")).isEqualTo(NOT_BASE64);
      challenge(smtp.send("AUTH CRAM-MD5"));
      assertThat(smtp.send("@")).isEqualTo(NOT_BASE64);
      assertThat(smtp.send("AUTH LOGIN " + b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
      assertThat(smtp.send(b64(PASSWORD)))
          .as("a failed exchange never blocks the next")
          .isEqualTo(OK);
    }
  }

  @Test
  void refusesAnOverLongResponseAndEndsOnlyTheExchange() {
    start(users().maxLineLength(100));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("AUTH PLAIN")).isEqualTo("334 ");
      assertThat(smtp.send("A".repeat(150)))
          .isEqualTo("500 5.5.6 Authentication exchange line is too long");
      assertThat(smtp.send("NOOP")).as("the next line is a command again").startsWith("250 ");
      assertThat(smtp.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
    }
  }

  @Test
  void keepsTheOncePerSessionAndNotInATransactionRules() {
    start(users());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
      assertThat(smtp.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("503 5.5.1 AUTH is not permitted during a mail transaction");
      assertThat(smtp.send("RSET")).startsWith("250 ");
      assertThat(
              smtp.send("AUTH XOAUTH2 " + b64("user=" + BOB + "\1auth=Bearer " + TOKEN + "\1\1")))
          .isEqualTo(OK);
      assertThat(smtp.send("AUTH LOGIN"))
          .isEqualTo("503 5.5.1 Already authenticated; AUTH may be given only once per session");
    }
  }

  @Test
  void offersOnlyTheConfiguredMechanismsInTheirOrder() {
    start(users().authMechanisms(AuthMechanism.XOAUTH2, AuthMechanism.PLAIN));
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).endsWith("\n250 AUTH XOAUTH2 PLAIN");
      assertThat(smtp.send("AUTH LOGIN"))
          .isEqualTo(
              "504 5.5.4 Authentication mechanism LOGIN is not offered;"
                  + " this server offers XOAUTH2 PLAIN");
      assertThat(smtp.send("AUTH X-UNKNOWN ="))
          .isEqualTo(
              "504 5.5.4 Unrecognized authentication mechanism X-UNKNOWN;"
                  + " this server offers XOAUTH2 PLAIN");
      assertThat(smtp.send("AUTH " + "X".repeat(21)))
          .isEqualTo(
              "504 5.5.4 Not a SASL mechanism name (RFC 4422: up to 20 letters, digits, - and _);"
                  + " this server offers XOAUTH2 PLAIN");
      assertThat(smtp.send("AUTH PL\u00c4IN"))
          .as("not echoed")
          .isEqualTo(
              "504 5.5.4 Not a SASL mechanism name (RFC 4422: up to 20 letters, digits, - and _);"
                  + " this server offers XOAUTH2 PLAIN");
      assertThat(smtp.send("AUTH plain " + b64("\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
    }
  }

  @Test
  void withoutMechanismsAdvertisesNoAuthAndSaysSo() {
    start(users().authMechanisms());
    try (SmtpWire smtp = SmtpWire.connect(server)) {
      assertThat(smtp.send("EHLO client.example.test")).doesNotContain("AUTH");
      assertThat(smtp.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("503 5.5.1 Authentication not enabled: this server offers no mechanisms");
      deliver(smtp);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void authRequiresTlsHidesAndRefusesAuthUntilStartTlsButTakesMail() {
    start(users().authRequiresTls(true));
    try (SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test"))
          .isEqualTo(
              String.join(
                  "\n",
                  "250-localhost Hello client.example.test [127.0.0.1]",
                  "250-PIPELINING",
                  "250-ENHANCEDSTATUSCODES",
                  "250-8BITMIME",
                  "250-STARTTLS",
                  "250 SIZE " + FakeMailConfig.defaults().maxMessageSize()));
      // RFC 4954 §6, refused without looking at the mechanism or the credentials
      assertThat(plain.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD)))
          .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
      assertThat(plain.send("AUTH LOGIN"))
          .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
      deliver(plain); // unlike requireTls, mail without AUTH is still taken
      assertThat(plain.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
      try (SmtpWire tls = plain.startTls(server.tls().socketFactory(), "localhost")) {
        assertThat(tls.send("EHLO client.example.test"))
            .endsWith("\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER")
            .doesNotContain("STARTTLS");
        assertThat(tls.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(tls.send(b64(BOB))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(tls.send(b64(PASSWORD))).isEqualTo(OK);
      }
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).isEmpty();
  }

  @Test
  void authRequiresTlsDoesNotApplyToSmtps() {
    start(users().authRequiresTls(true).protocols(Protocol.SMTP, Protocol.SMTPS));
    try (SmtpWire smtps = SmtpWire.smtps(server)) {
      assertThat(smtps.send("EHLO client.example.test"))
          .endsWith("\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2 OAUTHBEARER");
      assertThat(smtps.send("AUTH PLAIN " + b64("\0" + BOB + "\0" + PASSWORD))).isEqualTo(OK);
      deliver(smtps);
    }
    assertThat(server.inbox().awaitMessage().envelope().authenticatedUser()).hasValue(BOB);
  }

  /** The decoded text of a {@code 334} challenge. */
  static String challenge(String reply) {
    assertThat(reply).startsWith("334 ");
    return new String(Base64.getDecoder().decode(reply.substring(4)), StandardCharsets.UTF_8);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String hmacMd5(String key, String challenge) throws Exception {
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
    return HexFormat.of().formatHex(mac.doFinal(challenge.getBytes(StandardCharsets.US_ASCII)));
  }

  /** One whole transaction. */
  static void deliver(SmtpWire smtp) {
    deliver(smtp, "hi");
  }

  /** One whole transaction of a message with this subject. */
  static void deliver(SmtpWire smtp, String subject) {
    assertThat(smtp.send("MAIL FROM:<app@example.test>")).startsWith("250 ");
    assertThat(smtp.send("RCPT TO:<someone@example.test>")).startsWith("250 ");
    assertThat(smtp.send("DATA")).startsWith("354 ");
    smtp.write("Subject: " + subject + "\r\n\r\n");
    assertThat(smtp.send(".")).startsWith("250 2.0.0 Ok: queued as ");
  }
}
