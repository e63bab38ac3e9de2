package dev.fakemail;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SMTP client said about a message outside the message itself: {@code MAIL FROM}, the
 * {@code RCPT TO} list, the EHLO/HELO name, the client's address, whether the connection was
 * encrypted ({@link #tls()}), the user it authenticated as and with which SASL mechanism, and the
 * ESMTP parameters of {@code MAIL FROM}.
 *
 * <p>Mail that did not come over SMTP has only what applies: LMTP mail has no TLS and no AUTH (the
 * LMTP listener offers neither); mail seeded with {@code server.deliver(…)} or over the HTTP API
 * has its recipient, no sender, no TLS and no AUTH.
 *
 * <p>Immutable; built with {@link #builder()}.
 */
public final class Envelope {
  private final String mailFrom;
  private final List<String> recipients;
  private final String heloName;
  private final InetSocketAddress clientAddress;
  private final Tls tls;
  private final String authenticatedUser;
  private final String authMechanism;
  private final Map<String, String> mailParameters;

  private Envelope(Builder b) {
    this.mailFrom = b.mailFrom;
    this.recipients = List.copyOf(b.recipients);
    this.heloName = b.heloName;
    this.clientAddress = b.clientAddress;
    this.tls = b.tls;
    this.authenticatedUser = b.authenticatedUser;
    this.authMechanism = b.authMechanism;
    this.mailParameters =
        b.mailParameters.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.mailParameters));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this envelope's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mailFrom = mailFrom;
    b.recipients.addAll(recipients);
    b.heloName = heloName;
    b.clientAddress = clientAddress;
    b.tls = tls;
    b.authenticatedUser = authenticatedUser;
    b.authMechanism = authMechanism;
    b.mailParameters.putAll(mailParameters);
    return b;
  }

  /**
   * The reverse path of {@code MAIL FROM}, without angle brackets; the empty string for the null
   * sender {@code MAIL FROM:<>} used by bounces.
   */
  public String mailFrom() {
    return mailFrom;
  }

  /** The accepted {@code RCPT TO} addresses, in the order the client gave them. */
  public List<String> recipients() {
    return recipients;
  }

  /** The name the client gave in EHLO, HELO or LHLO; empty if it sent none. */
  public String heloName() {
    return heloName;
  }

  /** The client's IP address and port; for seeded mail, the server's own loopback address. */
  public InetSocketAddress clientAddress() {
    return clientAddress;
  }

  /**
   * How the connection the message came over was encrypted: after STARTTLS on the SMTP port, or
   * from the first byte on the SMTPS port, with the TLS protocol version and cipher suite in force
   * when the message was received. Empty for plain SMTP, LMTP and seeded mail.
   */
  public Optional<Tls> tls() {
    return Optional.ofNullable(tls);
  }

  /** Whether the message came over TLS: {@code tls().isPresent()}. */
  public boolean wasSentOverTls() {
    return tls != null;
  }

  /**
   * The user name the client authenticated as with SMTP AUTH, exactly as it sent it (case kept), if
   * it did.
   */
  public Optional<String> authenticatedUser() {
    return Optional.ofNullable(authenticatedUser);
  }

  /**
   * The SASL mechanism of the client's SMTP AUTH in upper case, e.g. {@code PLAIN}, {@code LOGIN},
   * {@code CRAM-MD5}, {@code XOAUTH2}; present exactly when {@link #authenticatedUser()} is.
   */
  public Optional<String> authMechanism() {
    return Optional.ofNullable(authMechanism);
  }

  /**
   * The ESMTP parameters of {@code MAIL FROM} in the order given, names in upper case, e.g. {@code
   * SIZE=1234}, {@code BODY=8BITMIME}; a parameter without a value maps to the empty string.
   */
  public Map<String, String> mailParameters() {
    return mailParameters;
  }

  /** Whether the address is among the recipients, ignoring case. */
  public boolean hasRecipient(String address) {
    for (String r : recipients) {
      if (r.equalsIgnoreCase(address.trim())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Envelope)) {
      return false;
    }
    Envelope e = (Envelope) o;
    return e.mailFrom.equals(mailFrom)
        && e.recipients.equals(recipients)
        && e.heloName.equals(heloName)
        && e.clientAddress.equals(clientAddress)
        && Objects.equals(e.tls, tls)
        && Objects.equals(e.authenticatedUser, authenticatedUser)
        && Objects.equals(e.authMechanism, authMechanism)
        && e.mailParameters.equals(mailParameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        mailFrom,
        recipients,
        heloName,
        clientAddress,
        tls,
        authenticatedUser,
        authMechanism,
        mailParameters);
  }

  @Override
  public String toString() {
    return "Envelope{mailFrom=<"
        + mailFrom
        + ">, recipients="
        + recipients
        + ", helo="
        + heloName
        + ", client="
        + clientAddress.getAddress().getHostAddress()
        + ':'
        + clientAddress.getPort()
        + (tls == null ? "" : ", tls=" + tls)
        + (authenticatedUser == null
            ? ""
            : ", authenticatedUser=" + authenticatedUser + ", authMechanism=" + authMechanism)
        + (mailParameters.isEmpty() ? "" : ", mailParameters=" + mailParameters)
        + '}';
  }

  /** Builds an {@link Envelope}. Not thread-safe. */
  public static final class Builder {
    private String mailFrom = "";
    private final List<String> recipients = new ArrayList<>();
    private String heloName = "";
    private InetSocketAddress clientAddress =
        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    private Tls tls;
    private String authenticatedUser;
    private String authMechanism;
    private final Map<String, String> mailParameters = new LinkedHashMap<>();

    private Builder() {}

    /** The reverse path; {@code ""} (the default) for the null sender. */
    public Builder mailFrom(String mailFrom) {
      this.mailFrom = Objects.requireNonNull(mailFrom, "mailFrom");
      return this;
    }

    /** Replaces the recipients. */
    public Builder recipients(List<String> recipients) {
      this.recipients.clear();
      recipients.forEach(this::addRecipient);
      return this;
    }

    public Builder addRecipient(String recipient) {
      this.recipients.add(Objects.requireNonNull(recipient, "recipient"));
      return this;
    }

    public Builder heloName(String heloName) {
      this.heloName = heloName == null ? "" : heloName;
      return this;
    }

    public Builder clientAddress(InetSocketAddress clientAddress) {
      this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
      return this;
    }

    /** How the connection was encrypted; {@code null} (the default) for none. */
    public Builder tls(Tls tls) {
      this.tls = tls;
      return this;
    }

    /** Shorthand for {@code tls(Envelope.Tls.of(mode, protocol, cipherSuite))}. */
    public Builder tls(TlsMode mode, String protocol, String cipherSuite) {
      return tls(Tls.of(mode, protocol, cipherSuite));
    }

    /**
     * The user the client authenticated as and the SASL mechanism it used (stored in upper case);
     * both {@code null} (the default) for none.
     *
     * @throws IllegalArgumentException if only one of them is {@code null}, or the mechanism is
     *     blank
     */
    public Builder authenticated(String user, String mechanism) {
      if (user == null && mechanism == null) {
        this.authenticatedUser = null;
        this.authMechanism = null;
        return this;
      }
      if (user == null || mechanism == null) {
        throw new IllegalArgumentException(
            "An authenticated user needs its mechanism and a mechanism its user, but got user="
                + user
                + ", mechanism="
                + mechanism);
      }
      if (mechanism.isBlank()) {
        throw new IllegalArgumentException("The AUTH mechanism must not be blank");
      }
      this.authenticatedUser = user;
      this.authMechanism = mechanism.trim().toUpperCase(Locale.ROOT);
      return this;
    }

    public Builder mailParameter(String name, String value) {
      this.mailParameters.put(name.toUpperCase(Locale.ROOT), value == null ? "" : value);
      return this;
    }

    public Envelope build() {
      return new Envelope(this);
    }
  }

  /**
   * How a connection was encrypted: the {@link TlsMode} (STARTTLS on the plain port, or implicit
   * TLS on the SMTPS port), the negotiated protocol version as the JDK names it (e.g. {@code
   * TLSv1.3}) and the cipher suite (e.g. {@code TLS_AES_256_GCM_SHA384}). Immutable.
   */
  public static final class Tls {
    private final TlsMode mode;
    private final String protocol;
    private final String cipherSuite;

    private Tls(TlsMode mode, String protocol, String cipherSuite) {
      this.mode = mode;
      this.protocol = protocol;
      this.cipherSuite = cipherSuite;
    }

    /**
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the protocol or the cipher suite is blank
     */
    public static Tls of(TlsMode mode, String protocol, String cipherSuite) {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(cipherSuite, "cipherSuite");
      if (protocol.isBlank() || cipherSuite.isBlank()) {
        throw new IllegalArgumentException(
            "The TLS protocol and cipher suite must not be blank, but got protocol=\""
                + protocol
                + "\", cipherSuite=\""
                + cipherSuite
                + "\"");
      }
      return new Tls(mode, protocol, cipherSuite);
    }

    /** {@link TlsMode#STARTTLS} or {@link TlsMode#IMPLICIT} (the SMTPS port). */
    public TlsMode mode() {
      return mode;
    }

    /** The TLS protocol version, as {@code SSLSession.getProtocol()} names it: {@code TLSv1.3}. */
    public String protocol() {
      return protocol;
    }

    /** The cipher suite, as {@code SSLSession.getCipherSuite()} names it. */
    public String cipherSuite() {
      return cipherSuite;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Tls)) {
        return false;
      }
      Tls t = (Tls) o;
      return t.mode == mode && t.protocol.equals(protocol) && t.cipherSuite.equals(cipherSuite);
    }

    @Override
    public int hashCode() {
      return Objects.hash(mode, protocol, cipherSuite);
    }

    /** {@code STARTTLS TLSv1.3 TLS_AES_256_GCM_SHA384}. */
    @Override
    public String toString() {
      return mode + " " + protocol + " " + cipherSuite;
    }
  }
}
