package dev.fakemail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link FakeMailServer} listens and what it accepts. Immutable; made with {@link
 * #builder()}, or {@link #defaults()} for loopback, SMTP, POP3 and IMAP on ephemeral ports, any
 * credentials and generous limits.
 *
 * <pre>{@code
 * FakeMailConfig config = FakeMailConfig.builder()
 *     .protocols(Protocol.SMTP, Protocol.POP3, Protocol.LMTP)
 *     .authMode(AuthMode.USERS)
 *     .user("support@shop.test", "secret")
 *     .preload("support@shop.test", Path.of("src/test/resources/tickets"))
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
  public static final Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(5);
  public static final String DEFAULT_HOSTNAME = "localhost";
  public static final String DEFAULT_INBOX_DOMAIN = "fakemail.test";
  public static final int DEFAULT_IO_THREADS = 2;

  /** How many session transcripts are kept by default. */
  public static final int DEFAULT_MAX_TRANSCRIPTS = 1000;

  /** How many entries one transcript records by default. */
  public static final int DEFAULT_MAX_TRANSCRIPT_ENTRIES = 1000;

  /** How many characters of text one transcript records by default: 64 KiB. */
  public static final int DEFAULT_MAX_TRANSCRIPT_BYTES = 64 * 1024;

  /** SMTP, POP3 and IMAP; LMTP and HTTP are off unless asked for. */
  public static final Set<Protocol> DEFAULT_PROTOCOLS =
      Collections.unmodifiableSet(EnumSet.of(Protocol.SMTP, Protocol.POP3, Protocol.IMAP));

  private static final FakeMailConfig DEFAULTS = new Builder().build();

  private final InetAddress bindAddress;
  private final int smtpPort;
  private final String hostname;
  private final long maxMessageSize;
  private final int maxLineLength;
  private final int maxRecipients;
  private final Duration idleTimeout;
  private final Duration tlsHandshakeTimeout;
  private final Duration awaitTimeout;
  private final boolean receivedHeader;
  private final int maxStoredMessages;
  private final String inboxDomain;
  private final int ioThreads;
  private final Set<Protocol> protocols;
  private final int pop3Port;
  private final int imapPort;
  private final int httpPort;
  private final int lmtpPort;
  private final int smtpsPort;
  private final int pop3sPort;
  private final int imapsPort;
  private final AuthMode authMode;
  private final Map<String, String> users;
  private final boolean stripPlusDetail;
  private final List<Preload> preloads;
  private final TlsCertificate tlsCertificate; // null: the generated self-signed one
  private final List<AuthMechanism> authMechanisms;
  private final Map<String, String> oauthTokens;
  private final Set<Protocol> requireTls;
  private final boolean authRequiresTls;
  private final int maxTranscripts;
  private final int maxTranscriptEntries;
  private final int maxTranscriptBytes;
  private final boolean transcriptCredentials;
  private final int transcriptBodyBytes;

  private FakeMailConfig(Builder b) {
    this.bindAddress = b.bindAddress;
    this.smtpPort = b.smtpPort;
    this.hostname = b.hostname;
    this.maxMessageSize = b.maxMessageSize;
    this.maxLineLength = b.maxLineLength;
    this.maxRecipients = b.maxRecipients;
    this.idleTimeout = b.idleTimeout;
    this.tlsHandshakeTimeout = b.tlsHandshakeTimeout;
    this.awaitTimeout = b.awaitTimeout;
    this.receivedHeader = b.receivedHeader;
    this.maxStoredMessages = b.maxStoredMessages;
    this.inboxDomain = b.inboxDomain;
    this.ioThreads = b.ioThreads;
    this.protocols = Collections.unmodifiableSet(EnumSet.copyOf(b.protocols));
    this.pop3Port = b.pop3Port;
    this.imapPort = b.imapPort;
    this.lmtpPort = b.lmtpPort;
    this.smtpsPort = b.smtpsPort;
    this.pop3sPort = b.pop3sPort;
    this.imapsPort = b.imapsPort;
    this.httpPort = b.httpPort;
    this.authMode = b.authMode;
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(b.users));
    this.stripPlusDetail = b.stripPlusDetail;
    this.preloads = List.copyOf(b.preloads);
    this.tlsCertificate = b.tlsCertificate;
    this.authMechanisms = List.copyOf(b.authMechanisms);
    this.oauthTokens = Collections.unmodifiableMap(new LinkedHashMap<>(b.oauthTokens));
    this.requireTls =
        b.requireTls.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(b.requireTls));
    this.authRequiresTls = b.authRequiresTls;
    this.maxTranscripts = b.maxTranscripts;
    this.maxTranscriptEntries = b.maxTranscriptEntries;
    this.maxTranscriptBytes = b.maxTranscriptBytes;
    this.transcriptCredentials = b.transcriptCredentials;
    this.transcriptBodyBytes = b.transcriptBodyBytes;
  }

  /**
   * Loopback, SMTP, POP3 and IMAP on ephemeral ports, any credentials, the documented default
   * limits.
   */
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
    b.tlsHandshakeTimeout = tlsHandshakeTimeout;
    b.awaitTimeout = awaitTimeout;
    b.receivedHeader = receivedHeader;
    b.maxStoredMessages = maxStoredMessages;
    b.inboxDomain = inboxDomain;
    b.ioThreads = ioThreads;
    b.protocols = EnumSet.copyOf(protocols);
    b.pop3Port = pop3Port;
    b.imapPort = imapPort;
    b.lmtpPort = lmtpPort;
    b.smtpsPort = smtpsPort;
    b.pop3sPort = pop3sPort;
    b.imapsPort = imapsPort;
    b.httpPort = httpPort;
    b.authMode = authMode;
    b.users.putAll(users);
    b.stripPlusDetail = stripPlusDetail;
    b.preloads.addAll(preloads);
    b.tlsCertificate = tlsCertificate;
    b.authMechanisms = new ArrayList<>(authMechanisms);
    b.oauthTokens.putAll(oauthTokens);
    b.requireTls =
        requireTls.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(requireTls);
    b.authRequiresTls = authRequiresTls;
    b.maxTranscripts = maxTranscripts;
    b.maxTranscriptEntries = maxTranscriptEntries;
    b.maxTranscriptBytes = maxTranscriptBytes;
    b.transcriptCredentials = transcriptCredentials;
    b.transcriptBodyBytes = transcriptBodyBytes;
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

  /** The POP3 port; 0 (the default) picks a free ephemeral port at start. */
  public int pop3Port() {
    return pop3Port;
  }

  /** The IMAP port; 0 (the default) picks a free ephemeral port at start. */
  public int imapPort() {
    return imapPort;
  }

  /** The LMTP port; 0 (the default) picks a free ephemeral port at start. */
  public int lmtpPort() {
    return lmtpPort;
  }

  /** The SMTPS (implicit TLS, RFC 8314) port; default 0, a free one. */
  public int smtpsPort() {
    return smtpsPort;
  }

  /** The POP3S (implicit TLS) port; default 0, a free one. */
  public int pop3sPort() {
    return pop3sPort;
  }

  /** The IMAPS (implicit TLS) port; default 0, a free one. */
  public int imapsPort() {
    return imapsPort;
  }

  /**
   * The HTTP API's port (with {@link Protocol#HTTP}); 0 (the default) picks a free ephemeral port
   * at start.
   */
  public int httpPort() {
    return httpPort;
  }

  /** The protocols served, each on its own port; default SMTP, POP3 and IMAP. Unmodifiable. */
  public Set<Protocol> protocols() {
    return protocols;
  }

  /** Whether the protocol is served. */
  public boolean serves(Protocol protocol) {
    return protocols.contains(protocol);
  }

  /** Who may log in; default {@link AuthMode#ANY}. */
  public AuthMode authMode() {
    return authMode;
  }

  /**
   * The users added with {@link Builder#user(String, String)}: lower-cased address to password, in
   * the order added. Unmodifiable. They are checked only in {@link AuthMode#USERS}.
   */
  public Map<String, String> users() {
    return users;
  }

  /**
   * Whether mail for {@code bob+tag@example.test} goes to the mailbox of {@code bob@example.test}
   * (the default) rather than to a mailbox of its own. The capture log and the envelope keep the
   * address as sent either way.
   */
  /**
   * The SASL mechanisms offered by SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE, in the order they
   * are advertised; default all of {@link AuthMechanism}.
   */
  public List<AuthMechanism> authMechanisms() {
    return authMechanisms;
  }

  /**
   * The tokens added with {@link Builder#oauthToken(String, String)}: lower-cased address to the
   * bearer token XOAUTH2 and OAUTHBEARER accept for it in {@link AuthMode#USERS}.
   */
  public Map<String, String> oauthTokens() {
    return oauthTokens;
  }

  /** The protocols that refuse everything but STARTTLS before TLS: {@link Builder#requireTls}. */
  public Set<Protocol> requireTls() {
    return requireTls;
  }

  /**
   * How many session {@link Transcript}s the server keeps (SMTP, LMTP, POP3 and IMAP sessions,
   * implicit TLS included), the oldest dropped beyond it; 0 turns recording off. Default {@value
   * #DEFAULT_MAX_TRANSCRIPTS}. Cleared with the inbox, like the mail.
   */
  public int maxTranscripts() {
    return maxTranscripts;
  }

  /**
   * How many entries (lines and events) one transcript records; the rest of a longer session is not
   * recorded, after one entry saying so. Default {@value #DEFAULT_MAX_TRANSCRIPT_ENTRIES}.
   */
  public int maxTranscriptEntries() {
    return maxTranscriptEntries;
  }

  /**
   * How many characters of text one transcript records (a longer line is cut to what is left); like
   * {@link #maxTranscriptEntries()}, the rest is not recorded. Default {@value
   * #DEFAULT_MAX_TRANSCRIPT_BYTES}.
   */
  public int maxTranscriptBytes() {
    return maxTranscriptBytes;
  }

  /**
   * Whether transcripts show credentials (SMTP AUTH responses, POP3 PASS, APOP digests and AUTH
   * responses, IMAP LOGIN passwords and AUTHENTICATE responses) as sent instead of {@value
   * Transcript#REDACTED}; default {@code false}.
   */
  public boolean transcriptCredentials() {
    return transcriptCredentials;
  }

  /**
   * How many bytes of each message's content (SMTP/LMTP DATA) a transcript shows, as lines before
   * the summary of its size; default 0: only the size and line count.
   */
  public int transcriptBodyBytes() {
    return transcriptBodyBytes;
  }

  /** Whether logging in needs TLS first on every protocol: {@link Builder#authRequiresTls}. */
  public boolean authRequiresTls() {
    return authRequiresTls;
  }

  public boolean stripPlusDetail() {
    return stripPlusDetail;
  }

  /** The mail filed into mailboxes at start, in the order given. */
  public List<Preload> preloads() {
    return preloads;
  }

  /**
   * The certificate the server presents on every TLS listener and after STARTTLS, read from files
   * when the server starts; empty (the default) for a self-signed one generated for {@link
   * #hostname()}.
   */
  public Optional<TlsCertificate> tlsCertificate() {
    return Optional.ofNullable(tlsCertificate);
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

  /**
   * How long a TLS handshake may take, on an implicit-TLS port or after STARTTLS, before the
   * connection is closed; {@link Duration#ZERO} means no limit. Default 10 seconds.
   */
  public Duration tlsHandshakeTimeout() {
    return tlsHandshakeTimeout;
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
        && c.tlsHandshakeTimeout.equals(tlsHandshakeTimeout)
        && c.awaitTimeout.equals(awaitTimeout)
        && c.receivedHeader == receivedHeader
        && c.maxStoredMessages == maxStoredMessages
        && c.inboxDomain.equals(inboxDomain)
        && c.ioThreads == ioThreads
        && c.protocols.equals(protocols)
        && c.pop3Port == pop3Port
        && c.imapPort == imapPort
        && c.lmtpPort == lmtpPort
        && c.smtpsPort == smtpsPort
        && c.pop3sPort == pop3sPort
        && c.imapsPort == imapsPort
        && c.httpPort == httpPort
        && c.authMode == authMode
        && c.users.equals(users)
        && c.stripPlusDetail == stripPlusDetail
        && c.preloads.equals(preloads)
        && Objects.equals(c.tlsCertificate, tlsCertificate)
        && c.authMechanisms.equals(authMechanisms)
        && c.oauthTokens.equals(oauthTokens)
        && c.requireTls.equals(requireTls)
        && c.authRequiresTls == authRequiresTls
        && c.maxTranscripts == maxTranscripts
        && c.maxTranscriptEntries == maxTranscriptEntries
        && c.maxTranscriptBytes == maxTranscriptBytes
        && c.transcriptCredentials == transcriptCredentials
        && c.transcriptBodyBytes == transcriptBodyBytes;
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
        tlsHandshakeTimeout,
        awaitTimeout,
        receivedHeader,
        maxStoredMessages,
        inboxDomain,
        ioThreads,
        protocols,
        pop3Port,
        imapPort,
        lmtpPort,
        smtpsPort,
        pop3sPort,
        imapsPort,
        httpPort,
        authMode,
        users,
        stripPlusDetail,
        preloads,
        tlsCertificate,
        authMechanisms,
        oauthTokens,
        requireTls,
        authRequiresTls,
        maxTranscripts,
        maxTranscriptEntries,
        maxTranscriptBytes,
        transcriptCredentials,
        transcriptBodyBytes);
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
        + ", tlsHandshakeTimeout="
        + tlsHandshakeTimeout
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
        + ", protocols="
        + protocols
        + ", pop3Port="
        + pop3Port
        + ", imapPort="
        + imapPort
        + ", lmtpPort="
        + lmtpPort
        + ", smtpsPort="
        + smtpsPort
        + ", pop3sPort="
        + pop3sPort
        + ", imapsPort="
        + imapsPort
        + ", httpPort="
        + httpPort
        + ", authMode="
        + authMode
        + ", users="
        + users.keySet() // never the passwords
        + ", stripPlusDetail="
        + stripPlusDetail
        + ", preloads="
        + preloads
        + (tlsCertificate == null ? "" : ", tlsCertificate=" + tlsCertificate)
        + ", authMechanisms="
        + authMechanisms
        + (oauthTokens.isEmpty() ? "" : ", oauthTokens=" + oauthTokens.keySet()) // never the tokens
        + ", requireTls="
        + requireTls
        + ", authRequiresTls="
        + authRequiresTls
        + ", maxTranscripts="
        + maxTranscripts
        + ", maxTranscriptEntries="
        + maxTranscriptEntries
        + ", maxTranscriptBytes="
        + maxTranscriptBytes
        + ", transcriptCredentials="
        + transcriptCredentials
        + ", transcriptBodyBytes="
        + transcriptBodyBytes
        + '}';
  }

  /**
   * The user's own server certificate: a PKCS#12 key store and its password, or a PEM certificate
   * chain (leaf first) and a PEM private key. Only the paths are kept; the files are read when the
   * server starts. Immutable; {@link #toString()} never shows the password.
   */
  public static final class TlsCertificate {
    private final Path file;
    private final Path privateKey; // null for PKCS#12
    private final String password; // null for PEM

    private TlsCertificate(Path file, Path privateKey, String password) {
      this.file = file;
      this.privateKey = privateKey;
      this.password = password;
    }

    /** A PKCS#12 key store; its first key entry is used, opened with {@code password}. */
    public static TlsCertificate pkcs12(Path keyStore, String password) {
      return new TlsCertificate(
          Objects.requireNonNull(keyStore, "pkcs12"),
          null,
          Objects.requireNonNull(password, "password"));
    }

    /** A PEM certificate chain, leaf first, and the PEM private key of the leaf. */
    public static TlsCertificate pem(Path certificateChain, Path privateKey) {
      return new TlsCertificate(
          Objects.requireNonNull(certificateChain, "certChain"),
          Objects.requireNonNull(privateKey, "privateKey"),
          null);
    }

    /** Whether this is a PKCS#12 key store (else a PEM pair). */
    public boolean isPkcs12() {
      return privateKey == null;
    }

    /** The PKCS#12 file, or the PEM certificate chain file. */
    public Path file() {
      return file;
    }

    /** The PEM private key file; empty for PKCS#12. */
    public Optional<Path> privateKeyFile() {
      return Optional.ofNullable(privateKey);
    }

    /** The PKCS#12 password; empty for PEM. */
    public Optional<String> password() {
      return Optional.ofNullable(password);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof TlsCertificate)) {
        return false;
      }
      TlsCertificate t = (TlsCertificate) o;
      return t.file.equals(file)
          && Objects.equals(t.privateKey, privateKey)
          && Objects.equals(t.password, password);
    }

    @Override
    public int hashCode() {
      return Objects.hash(file, privateKey, password);
    }

    /** {@code pkcs12:server.p12} or {@code pem:chain.pem,key.pem}; never the password. */
    @Override
    public String toString() {
      return isPkcs12() ? "pkcs12:" + file : "pem:" + file + "," + privateKey;
    }
  }

  /**
   * Mail to file into mailboxes when the server starts: a {@code .eml} file or a folder of them for
   * one recipient, or a folder whose subfolders are named by address and hold each mailbox's {@code
   * .eml} files. Immutable.
   */
  public static final class Preload {
    private final String recipient; // null: a folder of mailboxes
    private final Path path;

    private Preload(String recipient, Path path) {
      this.recipient = recipient;
      this.path = path;
    }

    /** {@code .eml} files for one recipient: a file, or a folder read in file-name order. */
    public static Preload of(String recipient, Path fileOrFolder) {
      return new Preload(
          address("preload recipient", recipient), Objects.requireNonNull(fileOrFolder, "path"));
    }

    /**
     * A folder with one subfolder per mailbox, named by its address, holding {@code .eml} files.
     */
    public static Preload mailboxes(Path folder) {
      return new Preload(null, Objects.requireNonNull(folder, "path"));
    }

    /** The recipient; empty for a folder of mailboxes. */
    public Optional<String> recipient() {
      return Optional.ofNullable(recipient);
    }

    public Path path() {
      return path;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Preload
          && Objects.equals(((Preload) o).recipient, recipient)
          && ((Preload) o).path.equals(path);
    }

    @Override
    public int hashCode() {
      return Objects.hash(recipient, path);
    }

    /** {@code bob@example.test=mail/bob}, or just the path for a folder of mailboxes. */
    @Override
    public String toString() {
      return recipient == null ? path.toString() : recipient + "=" + path;
    }
  }

  private static String address(String what, String address) {
    Objects.requireNonNull(address, what);
    String a = address.trim();
    if (a.isEmpty() || a.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException(
          what + " must be an address without spaces, was \"" + address + "\"");
    }
    return a;
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
    private Duration tlsHandshakeTimeout = DEFAULT_TLS_HANDSHAKE_TIMEOUT;
    private Duration awaitTimeout = DEFAULT_AWAIT_TIMEOUT;
    private boolean receivedHeader;
    private int maxStoredMessages;
    private String inboxDomain = DEFAULT_INBOX_DOMAIN;
    private int ioThreads = DEFAULT_IO_THREADS;
    private EnumSet<Protocol> protocols = EnumSet.copyOf(DEFAULT_PROTOCOLS);
    private int pop3Port;
    private int imapPort;
    private int lmtpPort;
    private int smtpsPort;
    private int pop3sPort;
    private int imapsPort;
    private int httpPort;
    private AuthMode authMode = AuthMode.ANY;
    private final Map<String, String> users = new LinkedHashMap<>();
    private boolean stripPlusDetail = true;
    private final List<Preload> preloads = new ArrayList<>();
    private TlsCertificate tlsCertificate;
    private List<AuthMechanism> authMechanisms = List.of(AuthMechanism.values());
    private final Map<String, String> oauthTokens = new LinkedHashMap<>();
    private EnumSet<Protocol> requireTls = EnumSet.noneOf(Protocol.class);
    private boolean authRequiresTls;
    private int maxTranscripts = DEFAULT_MAX_TRANSCRIPTS;
    private int maxTranscriptEntries = DEFAULT_MAX_TRANSCRIPT_ENTRIES;
    private int maxTranscriptBytes = DEFAULT_MAX_TRANSCRIPT_BYTES;
    private boolean transcriptCredentials;
    private int transcriptBodyBytes;

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

    /** The POP3 port; 0 picks a free one. */
    public Builder pop3Port(int port) {
      this.pop3Port = port("pop3Port", port);
      return this;
    }

    /** The IMAP port; 0 picks a free one. */
    public Builder imapPort(int port) {
      this.imapPort = port("imapPort", port);
      return this;
    }

    /** The LMTP port; 0 picks a free one. */
    public Builder lmtpPort(int port) {
      this.lmtpPort = port("lmtpPort", port);
      return this;
    }

    /**
     * The SMTPS (implicit TLS, RFC 8314) port; 0 picks a free one. Served only with {@link
     * Protocol#SMTPS}.
     */
    public Builder smtpsPort(int port) {
      this.smtpsPort = port("smtpsPort", port);
      return this;
    }

    /**
     * The POP3S (implicit TLS) port; 0 picks a free one. Served only with {@link Protocol#POP3S}.
     */
    public Builder pop3sPort(int port) {
      this.pop3sPort = port("pop3sPort", port);
      return this;
    }

    /**
     * The IMAPS (implicit TLS) port; 0 picks a free one. Served only with {@link Protocol#IMAPS}.
     */
    public Builder imapsPort(int port) {
      this.imapsPort = port("imapsPort", port);
      return this;
    }

    /** The HTTP API's port; 0 picks a free one. Served only with {@link Protocol#HTTP}. */
    public Builder httpPort(int port) {
      this.httpPort = port("httpPort", port);
      return this;
    }

    /**
     * The protocols to serve, replacing the current set (default SMTP, POP3 and IMAP). Each gets
     * its own listener; asking the server for the port of a protocol it does not serve throws.
     */
    public Builder protocols(Protocol... protocols) {
      Objects.requireNonNull(protocols, "protocols");
      if (protocols.length == 0) {
        throw new IllegalArgumentException("protocols must name at least one protocol");
      }
      EnumSet<Protocol> set = EnumSet.noneOf(Protocol.class);
      for (Protocol p : protocols) {
        set.add(Objects.requireNonNull(p, "protocol"));
      }
      this.protocols = set;
      return this;
    }

    /** Who may log in; default {@link AuthMode#ANY}. */
    public Builder authMode(AuthMode mode) {
      this.authMode = Objects.requireNonNull(mode, "authMode");
      return this;
    }

    /**
     * Adds a user, or changes the password of one added before (addresses compare ignoring case).
     * The address is also the user's mailbox and login name; {@code bob} alone means {@code
     * bob@<hostname>}. Checked only in {@link AuthMode#USERS}.
     */
    public Builder user(String address, String password) {
      String a = address("user address", address).toLowerCase(Locale.ROOT);
      Objects.requireNonNull(password, "password");
      if (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "the password of " + a + " must not contain a line break");
      }
      users.put(a, password);
      return this;
    }

    /**
     * Sets the bearer token that XOAUTH2 and OAUTHBEARER accept for a user in {@link
     * AuthMode#USERS}, adding the user if needed (a user with only a token can log in with the
     * token mechanisms and, for LMTP, is a known recipient). Any token is accepted in {@link
     * AuthMode#ANY}.
     */
    public Builder oauthToken(String address, String token) {
      String a = address("oauthToken address", address).toLowerCase(Locale.ROOT);
      Objects.requireNonNull(token, "token");
      if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
        throw new IllegalArgumentException(
            "the OAuth token of " + a + " must be non-empty printable ASCII without spaces");
      }
      oauthTokens.put(a, token);
      return this;
    }

    /**
     * The SASL mechanisms to offer, in the order to advertise them, replacing the current list
     * (default all of {@link AuthMechanism}). With none, SMTP advertises no AUTH (mail is still
     * accepted without it), POP3 offers USER/PASS and APOP only, IMAP LOGIN only.
     */
    public Builder authMechanisms(AuthMechanism... mechanisms) {
      Objects.requireNonNull(mechanisms, "authMechanisms");
      Set<AuthMechanism> set = new LinkedHashSet<>();
      for (AuthMechanism m : mechanisms) {
        set.add(Objects.requireNonNull(m, "authMechanism"));
      }
      this.authMechanisms = List.copyOf(set);
      return this;
    }

    /**
     * Makes protocols refuse to work before TLS, replacing the current set (default none): on a
     * plain connection SMTP answers {@code 530 5.7.0 Must issue a STARTTLS command first} to
     * everything but EHLO/HELO, STARTTLS, NOOP, RSET and QUIT (RFC 3207 §4); POP3 refuses USER,
     * PASS, APOP and AUTH; IMAP advertises {@code LOGINDISABLED} and refuses LOGIN and AUTHENTICATE
     * with {@code [PRIVACYREQUIRED]}. Only {@link Protocol#SMTP}, {@link Protocol#POP3} and {@link
     * Protocol#IMAP} have a plain port to require TLS on.
     */
    public Builder requireTls(Protocol... protocols) {
      Objects.requireNonNull(protocols, "requireTls");
      EnumSet<Protocol> set = EnumSet.noneOf(Protocol.class);
      for (Protocol p : protocols) {
        Objects.requireNonNull(p, "protocol");
        if (p != Protocol.SMTP && p != Protocol.POP3 && p != Protocol.IMAP) {
          throw new IllegalArgumentException(
              "requireTls takes SMTP, POP3 and IMAP, the protocols with STARTTLS; "
                  + p
                  + (p == Protocol.SMTPS || p == Protocol.POP3S || p == Protocol.IMAPS
                      ? " is always TLS"
                      : " has no TLS"));
        }
        set.add(p);
      }
      this.requireTls = set;
      return this;
    }

    /**
     * Whether logging in needs TLS first (default false): before STARTTLS no protocol advertises or
     * accepts SASL mechanisms, POP3 USER/PASS/APOP or IMAP LOGIN (IMAP then advertises {@code
     * LOGINDISABLED}), as Postfix's {@code smtpd_tls_auth_only} and Dovecot's {@code
     * disable_plaintext_auth} do. Unlike {@link #requireTls(Protocol...)}, SMTP still accepts mail
     * without AUTH on a plain connection.
     */
    public Builder authRequiresTls(boolean required) {
      this.authRequiresTls = required;
      return this;
    }

    /**
     * Whether mail for {@code bob+tag@x} goes to the mailbox of {@code bob@x} (true, the default)
     * or to its own.
     */
    public Builder stripPlusDetail(boolean strip) {
      this.stripPlusDetail = strip;
      return this;
    }

    /**
     * Files {@code .eml} mail into the recipient's mailbox when the server starts: one file, or
     * every {@code *.eml} file of a folder in file-name order. Repeatable. The mail goes to the
     * mailbox only, not to the capture log ({@link FakeMailServer#inbox()}).
     */
    public Builder preload(String recipient, Path fileOrFolder) {
      preloads.add(Preload.of(recipient, fileOrFolder));
      return this;
    }

    /**
     * Files the mail of a folder of mailboxes when the server starts: each subfolder is named by an
     * address and holds that mailbox's {@code .eml} files, read in file-name order. Repeatable.
     */
    public Builder preload(Path mailboxesFolder) {
      preloads.add(Preload.mailboxes(mailboxesFolder));
      return this;
    }

    /**
     * Presents the certificate of a PKCS#12 key store (its first key entry, opened with {@code
     * password}) on every TLS listener and after STARTTLS, instead of a generated self-signed one;
     * {@link FakeMailServer#tls()} then trusts it. The file is read when the server starts, which
     * fails with a message naming it if it cannot be used. Replaces an earlier certificate.
     */
    public Builder tlsCertificate(Path pkcs12, String password) {
      this.tlsCertificate = TlsCertificate.pkcs12(pkcs12, password);
      return this;
    }

    /**
     * Like {@link #tlsCertificate(Path, String)}, from a PEM certificate chain (leaf first) and the
     * leaf's PEM private key (PKCS#8, or traditional RSA/EC).
     */
    public Builder tlsCertificatePem(Path certChain, Path privateKey) {
      this.tlsCertificate = TlsCertificate.pem(certChain, privateKey);
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

    /** See {@link FakeMailConfig#tlsHandshakeTimeout()}; zero means no limit. */
    public Builder tlsHandshakeTimeout(Duration timeout) {
      this.tlsHandshakeTimeout = notNegative("tlsHandshakeTimeout", timeout);
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

    /** See {@link FakeMailConfig#maxTranscripts()}; 0 turns recording off. */
    public Builder maxTranscripts(int count) {
      this.maxTranscripts = (int) atLeast("maxTranscripts", count, 0);
      return this;
    }

    /** See {@link FakeMailConfig#maxTranscriptEntries()}; at least 10. */
    public Builder maxTranscriptEntries(int count) {
      this.maxTranscriptEntries = (int) atLeast("maxTranscriptEntries", count, 10);
      return this;
    }

    /** See {@link FakeMailConfig#maxTranscriptBytes()}; at least 1024. */
    public Builder maxTranscriptBytes(int count) {
      this.maxTranscriptBytes = (int) atLeast("maxTranscriptBytes", count, 1024);
      return this;
    }

    /** See {@link FakeMailConfig#transcriptCredentials()}. */
    public Builder transcriptCredentials(boolean show) {
      this.transcriptCredentials = show;
      return this;
    }

    /** See {@link FakeMailConfig#transcriptBodyBytes()}; 0 shows none. */
    public Builder transcriptBodyBytes(int bytes) {
      this.transcriptBodyBytes = (int) atLeast("transcriptBodyBytes", bytes, 0);
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
