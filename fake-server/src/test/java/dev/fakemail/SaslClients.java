package dev.fakemail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/** Client halves of SASL mechanisms for transcript tests, from the JDK where it has them. */
final class SaslClients {
  private SaslClients() {}

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /**
   * The base64 answer to a base64 CRAM-MD5 challenge, computed by the JDK's own CRAM-MD5 {@link
   * SaslClient} (RFC 2195: {@code user SP hex(HMAC-MD5(password, challenge))}).
   */
  static String cramMd5(String user, String password, String challengeBase64) {
    try {
      SaslClient client =
          Sasl.createSaslClient(
              new String[] {"CRAM-MD5"},
              null,
              "imap",
              "localhost",
              null,
              callbacks -> {
                for (var c : callbacks) {
                  if (c instanceof NameCallback) {
                    ((NameCallback) c).setName(user);
                  } else if (c instanceof PasswordCallback) {
                    ((PasswordCallback) c).setPassword(password.toCharArray());
                  }
                }
              });
      byte[] response = client.evaluateChallenge(Base64.getDecoder().decode(challengeBase64));
      return Base64.getEncoder().encodeToString(response);
    } catch (SaslException e) {
      throw new AssertionError(e);
    }
  }

  /** An XOAUTH2 initial response: {@code user=<user>^Aauth=Bearer <token>^A^A}, base64. */
  static String xoauth2(String user, String token) {
    return base64("user=" + user + "\1auth=Bearer " + token + "\1\1");
  }

  /** An OAUTHBEARER initial response (RFC 7628 §3.1), base64; {@code user} may be null. */
  static String oauthBearer(String user, String token) {
    return base64(
        "n,"
            + (user == null ? "" : "a=" + user)
            + ",\1host=localhost\1port=110\1auth=Bearer "
            + token
            + "\1\1");
  }
}
