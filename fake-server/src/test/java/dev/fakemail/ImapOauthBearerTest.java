package dev.fakemail;

import static dev.fakemail.ImapAuthTest.BOB;
import static dev.fakemail.ImapAuthTest.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
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
  private static final String PROVIDER = "FakeMailTestOauthBearer";
  private static FakeMailServer server;

  @BeforeAll
  static void start() {
    Provider provider =
        new Provider(PROVIDER, "1.0", "OAUTHBEARER SASL client for FakeMail tests") {
          private static final long serialVersionUID = 1L;
        };
    provider.put("SaslClientFactory.OAUTHBEARER", Factory.class.getName());
    Security.addProvider(provider);
    server = FakeMailServer.start(ImapAuthTest.users().build());
  }

  @AfterAll
  static void stop() {
    Security.removeProvider(PROVIDER);
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
          .contains(" AUTHENTICATE OAUTHBEARER " + SaslClients.oauthBearer(BOB, TOKEN) + "\n");
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

  /** Creates {@link OauthBearerClient}s; found by the JDK through the test's {@link Provider}. */
  public static final class Factory implements SaslClientFactory {
    @Override
    public SaslClient createSaslClient(
        String[] mechanisms,
        String authorizationId,
        String protocol,
        String serverName,
        Map<String, ?> props,
        CallbackHandler handler) {
      for (String m : mechanisms) {
        if (m.equals("OAUTHBEARER")) {
          return new OauthBearerClient(handler);
        }
      }
      return null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
      return new String[] {"OAUTHBEARER"};
    }
  }

  /**
   * RFC 7628 §3.1 client: the initial response {@code n,a=<user>,^Ahost=localhost^Aport=110^A
   * auth=Bearer <token>^A^A} (the password is the token), and {@code ^A} to an error challenge
   * (§3.2.3).
   */
  static final class OauthBearerClient implements SaslClient {
    private final CallbackHandler handler;
    private boolean started;
    private boolean complete;

    OauthBearerClient(CallbackHandler handler) {
      this.handler = handler;
    }

    @Override
    public String getMechanismName() {
      return "OAUTHBEARER";
    }

    @Override
    public boolean hasInitialResponse() {
      return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
      if (started) {
        complete = true;
        return new byte[] {1};
      }
      started = true;
      NameCallback name = new NameCallback("user");
      PasswordCallback token = new PasswordCallback("token", false);
      try {
        handler.handle(new Callback[] {name, token});
      } catch (Exception e) {
        throw new SaslException("no user or token", e);
      }
      return SaslClients.decode(
              SaslClients.oauthBearer(name.getName(), new String(token.getPassword())))
          .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isComplete() {
      return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
      throw new IllegalStateException("no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
      throw new IllegalStateException("no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String name) {
      return null;
    }

    @Override
    public void dispose() {}
  }
}
