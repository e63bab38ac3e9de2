package dev.fakemail.internal.smtp;

import dev.fakemail.FakeMailConfig;
import java.time.Duration;
import java.util.Optional;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPConfiguration;

/**
 * What James's SMTP (and LMTP) handlers ask of their configuration. Implemented directly rather
 * than by extending James's {@code ProtocolConfigurationImpl}, whose static initialiser does a DNS
 * lookup of the local host name.
 */
public final class SmtpSettings implements SMTPConfiguration {
  private final FakeMailConfig config;
  private final boolean lmtp;

  /** The settings of the SMTP listener. */
  public SmtpSettings(FakeMailConfig config) {
    this(config, false);
  }

  private SmtpSettings(FakeMailConfig config, boolean lmtp) {
    this.config = config;
    this.lmtp = lmtp;
  }

  /** The settings of the LMTP listener: no AUTH, an LMTP greeting. */
  public static SmtpSettings lmtp(FakeMailConfig config) {
    return new SmtpSettings(config, true);
  }

  /** Whether these are LMTP's settings (RFC 2033): one reply per recipient after DATA. */
  public boolean isLmtp() {
    return lmtp;
  }

  public String hostname() {
    return config.hostname();
  }

  public int maxLineLength() {
    return config.maxLineLength();
  }

  public int maxRecipients() {
    return config.maxRecipients();
  }

  public Duration idleTimeout() {
    return config.idleTimeout();
  }

  public boolean receivedHeader() {
    return config.receivedHeader();
  }

  /** The SIZE limit in bytes; 0 means none. */
  @Override
  public long getMaxMessageSize() {
    return config.maxMessageSize();
  }

  @Override
  public boolean isRelayingAllowed(String remoteIP) {
    return true; // we capture mail for every domain
  }

  @Override
  public boolean isAuthAnnounced(String remoteIP, boolean tlsStarted) {
    return !lmtp;
  }

  /** Lenient: a hand-typed session may start with MAIL FROM, as Postfix allows by default. */
  @Override
  public boolean useHeloEhloEnforcement() {
    return false;
  }

  /** Lenient: {@code MAIL FROM:bob@example.test} without angle brackets is accepted. */
  @Override
  public boolean useAddressBracketsEnforcement() {
    return false;
  }

  @Override
  public boolean isPlainAuthEnabled() {
    return true;
  }

  @Override
  public Optional<OidcSASLConfiguration> saslConfiguration() {
    return Optional.empty();
  }

  @Override
  public String getGreeting() {
    return config.hostname() + (lmtp ? " LMTP FakeMail" : " ESMTP FakeMail");
  }

  @Override
  public String getSoftwareName() {
    return "FakeMail";
  }

  @Override
  public String getHelloName() {
    return config.hostname();
  }
}
