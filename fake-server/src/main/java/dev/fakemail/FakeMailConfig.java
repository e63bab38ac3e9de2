package dev.fakemail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FakeMailServer} listens and what it accepts. Immutable; made with {@link
 * #builder()}, or {@link #defaults()} for loopback, an ephemeral port and generous limits.
 *
 * <pre>{@code
 * FakeMailConfig config = FakeMailConfig.builder()
 *     .maxMessageSize(1_000_000)
 *     .awaitTimeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 */
public final class FakeMailConfig {
  /** 64 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;

  /** 64 KiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  public static final int DEFAULT_MAX_RECIPIENTS = 1000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(5);
  public static final String DEFAULT_HOSTNAME = "localhost";
  public static final String DEFAULT_INBOX_DOMAIN = "fakemail.test";
  public static final int DEFAULT_IO_THREADS = 2;

  private static final FakeMailConfig DEFAULTS = new Builder().build();

  private final InetAddress bindAddress;
  private final int smtpPort;
  private final String hostname;
  private final long maxMessageSize;
  private final int maxLineLength;
  private final int maxRecipients;
  private final Duration idleTimeout;
  private final Duration awaitTimeout;
  private final boolean receivedHeader;
  private final int maxStoredMessages;
  private final String inboxDomain;
  private final int ioThreads;

  private FakeMailConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.smtpPort = b.smtpPort;
    this.hostname = b.hostname;
    this.maxMessageSize = b.maxMessageSize;
    this.maxLineLength = b.maxLineLength;
    this.maxRecipients = b.maxRecipients;
    this.idleTimeout = b.idleTimeout;
    this.awaitTimeout = b.awaitTimeout;
    this.receivedHeader = b.receivedHeader;
    this.maxStoredMessages = b.maxStoredMessages;
    this.inboxDomain = b.inboxDomain;
    this.ioThreads = b.ioThreads;
  }

  /** Loopback, ephemeral SMTP port, the documented default limits. */
  public static FakeMailConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindAddress = bindAddress;
    b.smtpPort = smtpPort;
    b.hostname = hostname;
    b.maxMessageSize = maxMessageSize;
    b.maxLineLength = maxLineLength;
    b.maxRecipients = maxRecipients;
    b.idleTimeout = idleTimeout;
    b.awaitTimeout = awaitTimeout;
    b.receivedHeader = receivedHeader;
    b.maxStoredMessages = maxStoredMessages;
    b.inboxDomain = inboxDomain;
    b.ioThreads = ioThreads;
    return b;
  }

  /** The address every listener binds to; default the IPv4 loopback, 127.0.0.1. */
  public InetAddress bindAddress() {
    return bindAddress;
  }

  /** The SMTP port; 0 (the default) picks a free ephemeral port at start. */
  public int smtpPort() {
    return smtpPort;
  }

  /** The name the server gives in its greeting and EHLO reply; default {@code localhost}. */
  public String hostname() {
    return hostname;
  }

  /** The largest message accepted, in bytes, announced as SMTP SIZE; 0 means no limit. */
  public long maxMessageSize() {
    return maxMessageSize;
  }

  /** The longest command or message line accepted, in bytes without the line ending. */
  public int maxLineLength() {
    return maxLineLength;
  }

  /** The most RCPT TO accepted per message; more get {@code 452}. 0 means no limit. */
  public int maxRecipients() {
    return maxRecipients;
  }

  /** How long a silent connection is kept open; {@link Duration#ZERO} means forever. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How long {@link Inbox#awaitMessage(MailFilter)} waits when no timeout is given. */
  public Duration awaitTimeout() {
    return awaitTimeout;
  }

  /** Whether a {@code Received:} header is prepended to each stored message; default false. */
  public boolean receivedHeader() {
    return receivedHeader;
  }

  /** How many messages are kept; the oldest are dropped beyond it. 0 (default) means no limit. */
  public int maxStoredMessages() {
    return maxStoredMessages;
  }

  /** The domain of the addresses {@link FakeMailServer#newInbox()} makes up. */
  public String inboxDomain() {
    return inboxDomain;
  }

  /** The number of event-loop threads shared by all listeners; default 2. */
  public int ioThreads() {
    return ioThreads;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FakeMailConfig)) {
      return false;
    }
    FakeMailConfig c = (FakeMailConfig) o;
    return c.bindAddress.equals(bindAddress)
        && c.smtpPort == smtpPort
        && c.hostname.equals(hostname)
        && c.maxMessageSize == maxMessageSize
        && c.maxLineLength == maxLineLength
        && c.maxRecipients == maxRecipients
        && c.idleTimeout.equals(idleTimeout)
        && c.awaitTimeout.equals(awaitTimeout)
        && c.receivedHeader == receivedHeader
        && c.maxStoredMessages == maxStoredMessages
        && c.inboxDomain.equals(inboxDomain)
        && c.ioThreads == ioThreads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        bindAddress,
        smtpPort,
        hostname,
        maxMessageSize,
        maxLineLength,
        maxRecipients,
        idleTimeout,
        awaitTimeout,
        receivedHeader,
        maxStoredMessages,
        inboxDomain,
        ioThreads);
  }

  @Override
  public String toString() {
    return "FakeMailConfig{bindAddress="
        + bindAddress.getHostAddress()
        + ", smtpPort="
        + smtpPort
        + ", hostname="
        + hostname
        + ", maxMessageSize="
        + maxMessageSize
        + ", maxLineLength="
        + maxLineLength
        + ", maxRecipients="
        + maxRecipients
        + ", idleTimeout="
        + idleTimeout
        + ", awaitTimeout="
        + awaitTimeout
        + ", receivedHeader="
        + receivedHeader
        + ", maxStoredMessages="
        + maxStoredMessages
        + ", inboxDomain="
        + inboxDomain
        + ", ioThreads="
        + ioThreads
        + '}';
  }

  /** Builds a {@link FakeMailConfig}; every setter validates its argument at once. */
  public static final class Builder {
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int smtpPort;
    private String hostname = DEFAULT_HOSTNAME;
    private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration awaitTimeout = DEFAULT_AWAIT_TIMEOUT;
    private boolean receivedHeader;
    private int maxStoredMessages;
    private String inboxDomain = DEFAULT_INBOX_DOMAIN;
    private int ioThreads = DEFAULT_IO_THREADS;

    private Builder() {}

    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "bindAddress");
      return this;
    }

    /**
     * The address to bind, as an IP literal ({@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::1}) or a
     * host name that resolves locally.
     */
    public Builder bindAddress(String address) {
      Objects.requireNonNull(address, "bindAddress");
      try {
        return bindAddress(InetAddress.getByName(address.trim()));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bindAddress " + address + " does not resolve", e);
      }
    }

    public Builder smtpPort(int port) {
      this.smtpPort = port("smtpPort", port);
      return this;
    }

    public Builder hostname(String hostname) {
      Objects.requireNonNull(hostname, "hostname");
      if (hostname.isBlank() || hostname.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
        throw new IllegalArgumentException(
            "hostname must be a non-empty name without spaces, was \"" + hostname + "\"");
      }
      this.hostname = hostname;
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      this.maxMessageSize = atLeast("maxMessageSize", bytes, 0);
      return this;
    }

    public Builder maxLineLength(int bytes) {
      this.maxLineLength = (int) atLeast("maxLineLength", bytes, 78);
      return this;
    }

    public Builder maxRecipients(int count) {
      this.maxRecipients = (int) atLeast("maxRecipients", count, 0);
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = notNegative("idleTimeout", timeout);
      return this;
    }

    public Builder awaitTimeout(Duration timeout) {
      this.awaitTimeout = notNegative("awaitTimeout", timeout);
      return this;
    }

    public Builder receivedHeader(boolean add) {
      this.receivedHeader = add;
      return this;
    }

    public Builder maxStoredMessages(int count) {
      this.maxStoredMessages = (int) atLeast("maxStoredMessages", count, 0);
      return this;
    }

    public Builder inboxDomain(String domain) {
      Objects.requireNonNull(domain, "inboxDomain");
      if (!domain.matches(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
        throw new IllegalArgumentException(
            "inboxDomain must be a domain name, was \"" + domain + "\"");
      }
      this.inboxDomain = domain;
      return this;
    }

    public Builder ioThreads(int threads) {
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("ioThreads must be between 1 and 64, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    public FakeMailConfig build() {
      return new FakeMailConfig(this);
    }

    private static int port(String name, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
      }
      return port;
    }

    private static long atLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
      }
      return value;
    }

    private static Duration notNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
