package dev.fakemail;

import static dev.fakemail.ImapAuthTest.BOB;
import static dev.fakemail.ImapAuthTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import java.security.Provider;
import java.security.Security;
import javax.security.sasl.SaslClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAUTHBEARER (RFC 7628) through Angus Mail's IMAP SASL path. No stock client speaks OAUTHBEARER,
 * so this test registers a small test-only {@link SaslClient} with a {@link Provider} for the
 * duration of the class: the IMAP framing (AUTHENTICATE, SASL-IR, the continuation answers) is
 * Angus's, the mechanism bytes are ours (see {@link OauthBearerClient}).
 */
class ImapOauthBearerTest {
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    Security.addProvider(new TestOAuthBearerSasl.Provider());
    server = FakeMailServer.start(ImapAuthTest.users().build());
  }

  @AfterAll
  static void stop() {
    Security.removeProvider(TestOAuthBearerSasl.Provider.NAME);
    server.close();
  }

  private static final String[] SASL = {
    "mail.imap.sasl.enable", "true", "mail.imap.sasl.mechanisms", "OAUTHBEARER"
  };

  @Test
  void angusAuthenticatesWithTheTokenOverStartTlsAndImaps() throws Exception {
    for (TlsMode mode : TlsMode.values()) {
      String trace =
          AngusLogin.login(server.tls().mailProperties(Protocol.IMAP, mode), BOB, TOKEN, SASL);
      assertThat(trace)
          .as(mode.name())
          .contains(
              " AUTHENTICATE OAUTHBEARER "
                  + SaslClients.base64(
                      "n,a="
                          + BOB
                          + ",\u0001host="
                          + server.imapHost()
                          + "\u0001auth=Bearer "
                          + TOKEN
                          + "\u0001\u0001")
                  + "\n");
    }
  }

  @Test
  void angusIsRefusedAWrongTokenAfterTheErrorChallenge() throws Exception {
    for (TlsMode mode : TlsMode.values()) {
      assertThatThrownBy(
              () ->
                  AngusLogin.login(
                      server.tls().mailProperties(Protocol.IMAP, mode), BOB, "wrong", SASL))
          .as(mode.name())
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessage("[AUTHENTICATIONFAILED] Authentication failed.");
    }
  }
}
