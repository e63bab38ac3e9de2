package dev.fakemail.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.AuthMechanism;
import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.SaslStep.Challenge;
import dev.fakemail.internal.auth.SaslStep.Failure;
import dev.fakemail.internal.auth.SaslStep.Reason;
import dev.fakemail.internal.auth.SaslStep.Success;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The protocol-neutral SASL exchanges; each protocol's framing is tested with real clients. */
class SaslExchangeTest {
  private static final FakeMailConfig USERS =
      FakeMailConfig.builder()
          .authMode(AuthMode.USERS)
          .user("bob@example.test", "secret")
          .oauthToken("bob@example.test", "tok-bob")
          .oauthToken("ann@example.test", "tok-ann")
          .build();

  private final AuthPolicy users = policy(USERS);
  private final AuthPolicy any = policy(FakeMailConfig.defaults());

  @Test
  void plainChecksThePasswordAndRefusesActingAsAnotherUser() {
    assertThat(start(users, "PLAIN", "\0bob@example.test\0secret"))
        .isEqualTo(new Success("bob@example.test"));
    assertThat(start(users, "plain", "BOB@example.test\0bob@example.test\0secret"))
        .isEqualTo(new Success("bob@example.test"));
    assertThat(start(users, "PLAIN", "\0bob@example.test\0wrong"))
        .isEqualTo(new Failure(Reason.INVALID_CREDENTIALS, "Authentication credentials invalid"));
    assertThat(start(users, "PLAIN", "ann@example.test\0bob@example.test\0secret"))
        .isEqualTo(
            new Failure(
                Reason.INVALID_CREDENTIALS,
                "bob@example.test may not act as another user (ann@example.test)"));
    assertThat(start(any, "PLAIN", "no-nuls")).isInstanceOf(Failure.class);
    assertThat(((Failure) start(any, "PLAIN", "no-nuls")).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void plainWithoutInitialResponseSendsAnEmptyChallenge() {
    SaslExchange exchange = users.start("PLAIN").orElseThrow();
    assertThat(((Challenge) exchange.start(null)).data()).isEmpty();
    assertThat(exchange.next(bytes("\0bob@example.test\0secret")))
        .isEqualTo(new Success("bob@example.test"));
  }

  @Test
  void loginAsksForUserNameThenPassword() {
    SaslExchange exchange = users.start("LOGIN").orElseThrow();
    assertThat(text(exchange.start(null))).isEqualTo("Username:");
    assertThat(text(exchange.next(bytes("bob@example.test")))).isEqualTo("Password:");
    assertThat(exchange.next(bytes("secret"))).isEqualTo(new Success("bob@example.test"));

    SaslExchange initial = users.start("LOGIN").orElseThrow();
    assertThat(text(initial.start(bytes("bob@example.test")))).isEqualTo("Password:");
    assertThat(initial.next(bytes("nope"))).isInstanceOf(Failure.class);
  }

  @Test
  void cramMd5ChecksTheHmacOfItsOwnChallenge() throws Exception {
    SaslExchange exchange = users.start("CRAM-MD5").orElseThrow();
    byte[] challenge = ((Challenge) exchange.start(null)).data();
    assertThat(new String(challenge, StandardCharsets.US_ASCII))
        .matches("<[0-9]+\\.[0-9]+@localhost>");
    assertThat(exchange.next(bytes("bob@example.test " + hmac("secret", challenge))))
        .isEqualTo(new Success("bob@example.test"));

    SaslExchange wrong = users.start("CRAM-MD5").orElseThrow();
    byte[] other = ((Challenge) wrong.start(null)).data();
    assertThat(other).isNotEqualTo(challenge);
    assertThat(wrong.next(bytes("bob@example.test " + hmac("secret", challenge))))
        .isEqualTo(new Failure(Reason.INVALID_CREDENTIALS, "Authentication credentials invalid"));

    assertThat(users.start("CRAM-MD5").orElseThrow().start(bytes("x")))
        .isEqualTo(new Failure(Reason.MALFORMED, "CRAM-MD5 does not take an initial response"));
    SaslExchange malformed = any.start("CRAM-MD5").orElseThrow();
    malformed.start(null);
    assertThat(malformed.next(bytes("bob not-hex")))
        .isEqualTo(
            new Failure(
                Reason.MALFORMED, "Malformed CRAM-MD5 response: expected user SP 32 hex digits"));
  }

  @Test
  void xoauth2AcceptsTheUsersTokenAndSendsGooglesErrorChallengeOtherwise() {
    assertThat(start(users, "XOAUTH2", "user=bob@example.test\1auth=Bearer tok-bob\1\1"))
        .isEqualTo(new Success("bob@example.test"));
    SaslExchange exchange = users.start("XOAUTH2").orElseThrow();
    assertThat(text(exchange.start(bytes("user=bob@example.test\1auth=Bearer tok-ann\1\1"))))
        .isEqualTo(
            "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}");
    assertThat(exchange.next(new byte[0]))
        .isEqualTo(new Failure(Reason.INVALID_CREDENTIALS, "Authentication credentials invalid"));
    assertThat(start(any, "XOAUTH2", "user=x@y\1auth=Bearer anything\1\1"))
        .isEqualTo(new Success("x@y"));
    assertThat(((Failure) start(any, "XOAUTH2", "user=x@y\1\1")).reason())
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void oauthBearerTakesTheUserFromTheGs2HeaderOrFromTheToken() {
    assertThat(
            start(
                users,
                "OAUTHBEARER",
                "n,a=bob@example.test,\1host=localhost\1port=143\1auth=Bearer tok-bob\1\1"))
        .isEqualTo(new Success("bob@example.test"));
    assertThat(start(users, "OAUTHBEARER", "n,,\1auth=Bearer tok-ann\1\1"))
        .isEqualTo(new Success("ann@example.test"));
    SaslExchange exchange = users.start("OAUTHBEARER").orElseThrow();
    assertThat(text(exchange.start(bytes("n,a=bob@example.test,\1auth=Bearer tok-ann\1\1"))))
        .isEqualTo("{\"status\":\"invalid_token\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
    assertThat(exchange.next(new byte[] {1}))
        .isEqualTo(new Failure(Reason.INVALID_CREDENTIALS, "Authentication credentials invalid"));
    // ANY mode: any token, but a user must be named
    assertThat(start(any, "OAUTHBEARER", "n,a=x@y,\1auth=Bearer t\1\1"))
        .isEqualTo(new Success("x@y"));
    assertThat(start(any, "OAUTHBEARER", "n,,\1auth=Bearer t\1\1")).isInstanceOf(Challenge.class);
    assertThat(((Failure) start(any, "OAUTHBEARER", "garbage")).reason())
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void policyOffersTheConfiguredMechanismsAndKeepsThemFromPlainConnectionsWhenTold() {
    assertThat(any.advertisedNames(Protocol.SMTP, false))
        .containsExactly("PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER");
    AuthPolicy chosen =
        policy(
            FakeMailConfig.builder()
                .authMechanisms(AuthMechanism.XOAUTH2, AuthMechanism.PLAIN)
                .requireTls(Protocol.IMAP)
                .build());
    assertThat(chosen.advertisedNames(Protocol.SMTP, false)).containsExactly("XOAUTH2", "PLAIN");
    assertThat(chosen.start("LOGIN")).isEmpty();
    assertThat(chosen.start("NTLM")).isEmpty();
    assertThat(chosen.advertised(Protocol.IMAP, false)).isEmpty();
    assertThat(chosen.loginAllowed(Protocol.IMAP, false)).isFalse();
    assertThat(chosen.tlsRequired(Protocol.IMAP, false)).isTrue();
    assertThat(chosen.tlsRequired(Protocol.IMAP, true)).isFalse();
    assertThat(chosen.advertisedNames(Protocol.IMAP, true)).containsExactly("XOAUTH2", "PLAIN");
    assertThat(chosen.tlsRequired(Protocol.SMTP, false)).isFalse();

    AuthPolicy authOnly = policy(FakeMailConfig.builder().authRequiresTls(true).build());
    assertThat(authOnly.loginAllowed(Protocol.SMTP, false)).isFalse();
    assertThat(authOnly.tlsRequired(Protocol.SMTP, false)).isFalse();
    assertThat(authOnly.loginAllowed(Protocol.POP3, true)).isTrue();
  }

  private static AuthPolicy policy(FakeMailConfig config) {
    Mailboxes mailboxes = new Mailboxes(config.hostname(), config.stripPlusDetail());
    return new AuthPolicy(
        config, new Users(config.authMode(), config.users(), config.oauthTokens(), mailboxes));
  }

  private static SaslStep start(AuthPolicy policy, String mechanism, String initial) {
    return policy.start(mechanism).orElseThrow().start(bytes(initial));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(SaslStep step) {
    return new String(((Challenge) step).data(), StandardCharsets.UTF_8);
  }

  private static String hmac(String key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
    return HexFormat.of().formatHex(mac.doFinal(data));
  }
}
