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
 * {@code RCPT TO} list, the EHLO/HELO name, the client's address, the user it authenticated as and
 * the ESMTP parameters of {@code MAIL FROM}.
 *
 * <p>Immutable; built with {@link #builder()}.
 */
public final class Envelope {
  private final String mailFrom;
  private final List<String> recipients;
  private final String heloName;
  private final InetSocketAddress clientAddress;
  private final String authenticatedUser;
  private final Map<String, String> mailParameters;

  private Envelope(Builder b) {
    this.mailFrom = b.mailFrom;
    this.recipients = List.copyOf(b.recipients);
    this.heloName = b.heloName;
    this.clientAddress = b.clientAddress;
    this.authenticatedUser = b.authenticatedUser;
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
    b.authenticatedUser = authenticatedUser;
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

  /** The user name the client authenticated as with SMTP AUTH, if it did. */
  public Optional<String> authenticatedUser() {
    return Optional.ofNullable(authenticatedUser);
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
        && Objects.equals(e.authenticatedUser, authenticatedUser)
        && e.mailParameters.equals(mailParameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mailFrom, recipients, heloName, clientAddress, authenticatedUser);
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
        + (authenticatedUser == null ? "" : ", authenticatedUser=" + authenticatedUser)
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
    private String authenticatedUser;
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

    /** The authenticated user, {@code null} for none. */
    public Builder authenticatedUser(String authenticatedUser) {
      this.authenticatedUser = authenticatedUser;
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
}
