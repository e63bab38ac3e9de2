package dev.fakemail;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * A test-only OAUTHBEARER (RFC 7628) {@link SaslClient}, so that Angus Mail's SASL support ({@code
 * mail.<protocol>.sasl.enable}) can drive an OAUTHBEARER exchange: the framing on the wire is
 * Angus's, the mechanism bytes are this class's. The user name is the authorization id (Angus
 * passes the login name), the token the password. Registered by the tests that use it through
 * {@link Provider} ({@link java.security.Security#addProvider}), and removed afterwards.
 */
public final class TestOAuthBearerSasl {
  private TestOAuthBearerSasl() {}

  /** Offers {@link Factory} for {@code SaslClientFactory.OAUTHBEARER}. */
  public static final class Provider extends java.security.Provider {
    static final String NAME = "FakeMailTestOAuthBearer";

    public Provider() {
      super(NAME, "1.0", "OAUTHBEARER SASL client for FakeMail's tests");
      put("SaslClientFactory.OAUTHBEARER", Factory.class.getName());
    }
  }

  /** Makes {@link Client}s; instantiated by {@link javax.security.sasl.Sasl} through reflection. */
  public static final class Factory implements SaslClientFactory {
    public Factory() {}

    @Override
    public SaslClient createSaslClient(
        String[] mechanisms,
        String authorizationId,
        String protocol,
        String serverName,
        Map<String, ?> props,
        CallbackHandler cbh) {
      for (String m : mechanisms) {
        if (m.equals("OAUTHBEARER")) {
          return new Client(authorizationId, serverName, cbh);
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
   * Sends {@code n,a=<user>,^Ahost=<server>^Aauth=Bearer <token>^A^A}, and answers an error
   * challenge with the single ^A of RFC 7628 §3.2.3.
   */
  static final class Client implements SaslClient {
    private final String authorizationId;
    private final String serverName;
    private final CallbackHandler callbacks;
    private boolean sentInitial;
    private boolean complete;

    Client(String authorizationId, String serverName, CallbackHandler callbacks) {
      this.authorizationId = authorizationId;
      this.serverName = serverName;
      this.callbacks = callbacks;
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
      if (sentInitial) {
        complete = true; // the server sent an error challenge: acknowledge it, it then fails
        return new byte[] {1};
      }
      sentInitial = true;
      NameCallback name = new NameCallback("user");
      PasswordCallback token = new PasswordCallback("token", false);
      try {
        callbacks.handle(new Callback[] {name, token});
      } catch (Exception e) {
        throw new SaslException("No credentials", e);
      }
      String user = authorizationId != null ? authorizationId : name.getName();
      String gs2 = "n,a=" + user.replace("=", "=3D").replace(",", "=2C") + ",";
      String response =
          gs2
              + "\u0001host="
              + serverName
              + "\u0001auth=Bearer "
              + new String(token.getPassword())
              + "\u0001\u0001";
      return response.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isComplete() {
      return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
      throw new IllegalStateException("OAUTHBEARER has no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
      throw new IllegalStateException("OAUTHBEARER has no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
      return null;
    }

    @Override
    public void dispose() {}
  }
}
