package dev.fakemail.internal.auth;

import dev.fakemail.AuthMechanism;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import dev.fakemail.internal.store.Users;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may log in, how, and when, for SMTP, POP3 and IMAP alike: the {@link Users}, the offered
 * {@link AuthMechanism}s, and the TLS rules ({@link FakeMailConfig#requireTls()}, {@link
 * FakeMailConfig#authRequiresTls()}). Immutable; one per server, shared by its protocols.
 *
 * <p>Protocols ask it with their own plain protocol ({@link Protocol#SMTP}, {@link Protocol#POP3},
 * {@link Protocol#IMAP}) and whether the connection is on TLS (after STARTTLS or on an implicit-TLS
 * port): TLS rules never apply to a TLS connection.
 */
public final class AuthPolicy {
  private final Users users;
  private final List<AuthMechanism> mechanisms;
  private final Set<Protocol> requireTls;
  private final boolean authRequiresTls;
  private final String hostname;

  public AuthPolicy(FakeMailConfig config, Users users) {
    this.users = users;
    this.mechanisms = config.authMechanisms();
    this.requireTls = config.requireTls();
    this.authRequiresTls = config.authRequiresTls();
    this.hostname = config.hostname();
  }

  public Users users() {
    return users;
  }

  /**
   * Whether {@code protocol} refuses to work on this connection until STARTTLS: {@link
   * FakeMailConfig.Builder#requireTls}.
   */
  public boolean tlsRequired(Protocol protocol, boolean tls) {
    return !tls && requireTls.contains(protocol);
  }

  /**
   * Whether logging in (SASL, POP3 USER/PASS/APOP, IMAP LOGIN) is allowed on this connection: not
   * before TLS when TLS is required for the protocol or for authentication.
   */
  public boolean loginAllowed(Protocol protocol, boolean tls) {
    return tls || !(authRequiresTls || requireTls.contains(protocol));
  }

  /** The mechanisms to advertise on this connection, in order; empty when login is not allowed. */
  public List<AuthMechanism> advertised(Protocol protocol, boolean tls) {
    return loginAllowed(protocol, tls) ? mechanisms : List.of();
  }

  /** The SASL names of {@link #advertised}, e.g. {@code [PLAIN, LOGIN, CRAM-MD5]}. */
  public List<String> advertisedNames(Protocol protocol, boolean tls) {
    return advertised(protocol, tls).stream().map(AuthMechanism::saslName).toList();
  }

  /**
   * A new exchange for the mechanism the client named (any case), or empty if it is not one we
   * offer. Callers check {@link #loginAllowed} first.
   */
  public Optional<SaslExchange> start(String mechanismName) {
    return AuthMechanism.bySaslName(mechanismName)
        .filter(mechanisms::contains)
        .map(m -> new SaslExchange(m, users, hostname));
  }
}
