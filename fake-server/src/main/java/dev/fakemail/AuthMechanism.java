package dev.fakemail;

import java.util.Locale;
import java.util.Optional;

/**
 * The SASL mechanisms the server offers for SMTP AUTH (RFC 4954), POP3 AUTH (RFC 5034) and IMAP
 * AUTHENTICATE (RFC 3501 §6.2.2). All are offered by default, in this order; choose with {@link
 * FakeMailConfig.Builder#authMechanisms(AuthMechanism...)}.
 *
 * <p>In {@link AuthMode#ANY} every mechanism accepts any well-formed credentials; in {@link
 * AuthMode#USERS} the password mechanisms check {@link FakeMailConfig.Builder#user(String, String)}
 * and the token mechanisms check {@link FakeMailConfig.Builder#oauthToken(String, String)}.
 */
public enum AuthMechanism {
  /** RFC 4616: authorization id, user name and password in one response. */
  PLAIN("PLAIN"),
  /** The widespread non-standard mechanism: user name and password in two responses. */
  LOGIN("LOGIN"),
  /** RFC 2195: an HMAC-MD5 of the server's challenge, keyed with the password. */
  CRAM_MD5("CRAM-MD5"),
  /** Google's and Microsoft's OAuth 2.0 mechanism: {@code user=…^Aauth=Bearer <token>^A^A}. */
  XOAUTH2("XOAUTH2"),
  /** RFC 7628: OAuth 2.0 bearer tokens with a GS2 header naming the user. */
  OAUTHBEARER("OAUTHBEARER");

  private final String saslName;

  AuthMechanism(String saslName) {
    this.saslName = saslName;
  }

  /** The name on the wire, e.g. {@code CRAM-MD5}. */
  public String saslName() {
    return saslName;
  }

  /** The mechanism with this SASL name, ignoring case; empty for a name we do not implement. */
  public static Optional<AuthMechanism> bySaslName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (AuthMechanism m : values()) {
      if (m.saslName.equals(upper)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
