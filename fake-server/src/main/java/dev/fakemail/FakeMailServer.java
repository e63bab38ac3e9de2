package dev.fakemail;

import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.http.HttpBackend;
import dev.fakemail.internal.http.HttpService;
import dev.fakemail.internal.imap.ImapService;
import dev.fakemail.internal.net.Transport;
import dev.fakemail.internal.net.tls.CertificateFiles;
import dev.fakemail.internal.net.tls.CertificateMaterial;
import dev.fakemail.internal.net.tls.ImplicitTlsInitializer;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.pop3.Pop3Service;
import dev.fakemail.internal.smtp.SmtpService;
import dev.fakemail.internal.store.EmlFiles;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.MailboxMessage;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.StoreInbox;
import dev.fakemail.internal.store.Users;
import dev.fakemail.internal.transcript.TranscriptLog;
import dev.fakemail.internal.transcript.TranscriptSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A running fake mail server: SMTP that captures every message in memory and files it into the
 * recipients' mailboxes, POP3 and IMAP to read those mailboxes, and (when enabled) LMTP and the
 * HTTP API ({@link #httpUrl()}).
 *
 * <pre>{@code
 * try (FakeMailServer server = FakeMailServer.start()) {
 *   app.sendMailVia(server.smtpHost(), server.smtpPort());
 *   ReceivedMail mail = server.inbox().awaitMessage(MailFilter.to("bob@example.test"));
 * }
 * }</pre>
 *
 * <p>Two views of the mail: the <em>capture log</em> ({@link #inbox()}, {@link #newInbox()}) has
 * every message the server received by SMTP or LMTP, once, in arrival order; the <em>mailboxes</em>
 * ({@link #mailbox(String)}) are the state POP3 clients read and delete from, one per recipient
 * address, and also take mail seeded with {@link #deliver(String, byte[])}. Deleting from a mailbox
 * never touches the capture log, and clearing the capture log never touches the mailboxes.
 *
 * <p>Defaults never collide: loopback and ephemeral ports, so any number of servers can run in one
 * JVM. The server owns one small event-loop group of daemon threads shared by all its listeners;
 * {@link #close()} stops it and returns when every thread is gone. Thread-safe.
 */
public final class FakeMailServer implements AutoCloseable {
  private final FakeMailConfig config;
  private final Mailboxes mailboxes;
  private final MailStore store;
  private final Transport transport;
  private final Map<Protocol, InetSocketAddress> listeners = new EnumMap<>(Protocol.class);
  private final StoreInbox inbox;
  private final AtomicLong inboxCounter = new AtomicLong();
  private final AtomicLong seedCounter = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TlsSetup tlsSetup;
  private ServerTls tls; // built on first tls() call, guarded by this
  private volatile boolean ready; // every listener bound: what the HTTP API's /readyz reports

  private FakeMailServer(FakeMailConfig config, Supplier<CertificateMaterial> testMaterial) {
    this.config = config;
    this.mailboxes = new Mailboxes(config.hostname(), config.stripPlusDetail());
    this.store =
        new MailStore(
            config.maxStoredMessages(),
            mailboxes,
            new TranscriptLog(TranscriptSettings.of(config)));
    this.inbox = StoreInbox.all(store, config.awaitTimeout());
    preload(); // before any listener: no client ever sees a half-filled mailbox
    Users users = new Users(config.authMode(), config.users(), config.oauthTokens(), mailboxes);
    AuthPolicy auth = new AuthPolicy(config, users);
    if (testMaterial != null) {
      this.tlsSetup = TlsSetup.of(testMaterial, config.tlsHandshakeTimeout());
    } else if (config.tlsCertificate().isPresent()) {
      // the user's own: read now, so a bad file fails the start with its name
      CertificateMaterial own = load(config.tlsCertificate().get());
      this.tlsSetup = TlsSetup.of(() -> own, config.tlsHandshakeTimeout());
    } else {
      this.tlsSetup =
          TlsSetup.selfSigned(
              config.hostname(), config.bindAddress(), config.tlsHandshakeTimeout());
    }
    this.transport = new Transport(config.ioThreads(), "fakemail-io");
    try {
      if (config.serves(Protocol.SMTP) || config.serves(Protocol.SMTPS)) {
        SmtpService smtp = SmtpService.smtp(store, config, auth, tlsSetup);
        if (config.serves(Protocol.SMTP)) {
          bind(Protocol.SMTP, config.smtpPort(), smtp.channelInitializer());
        }
        if (config.serves(Protocol.SMTPS)) {
          bind(
              Protocol.SMTPS,
              config.smtpsPort(),
              new ImplicitTlsInitializer(tlsSetup, smtp.channelInitializer()));
        }
      }
      if (config.serves(Protocol.POP3) || config.serves(Protocol.POP3S)) {
        Pop3Service pop3 = new Pop3Service(mailboxes, auth, config, tlsSetup, store.transcripts());
        if (config.serves(Protocol.POP3)) {
          bind(Protocol.POP3, config.pop3Port(), pop3.channelInitializer());
        }
        if (config.serves(Protocol.POP3S)) {
          bind(
              Protocol.POP3S,
              config.pop3sPort(),
              new ImplicitTlsInitializer(tlsSetup, pop3.channelInitializer()));
        }
      }
      if (config.serves(Protocol.IMAP) || config.serves(Protocol.IMAPS)) {
        ImapService imap = new ImapService(mailboxes, auth, config, tlsSetup, store.transcripts());
        if (config.serves(Protocol.IMAP)) {
          bind(Protocol.IMAP, config.imapPort(), imap.channelInitializer());
        }
        if (config.serves(Protocol.IMAPS)) {
          bind(
              Protocol.IMAPS,
              config.imapsPort(),
              new ImplicitTlsInitializer(tlsSetup, imap.channelInitializer()));
        }
      }
      if (config.serves(Protocol.LMTP)) {
        SmtpService lmtp = SmtpService.lmtp(store, config, auth);
        bind(Protocol.LMTP, config.lmtpPort(), lmtp.channelInitializer());
      }
      if (config.serves(Protocol.HTTP)) { // last: /readyz answers while the others bind
        HttpService http = new HttpService(store, mailboxes, config, new Backend());
        bind(Protocol.HTTP, config.httpPort(), http.channelInitializer());
      }
      if (config.serves(Protocol.SMTPS)
          || config.serves(Protocol.POP3S)
          || config.serves(Protocol.IMAPS)) {
        // an implicit-TLS listener handshakes on every connection: start building the
        // certificate and context now, on a thread of its own, once the listeners are bound (so
        // that it does not compete with the start for the CPU); a connection that comes before
        // the context is ready is held until it is (ImplicitTlsInitializer)
        tlsSetup.startBuilding();
      }
      ready = true;
    } catch (RuntimeException | Error e) {
      transport.close();
      tlsSetup.close();
      throw e;
    }
  }

  /** Starts a server with {@link FakeMailConfig#defaults()}. */
  public static FakeMailServer start() {
    return start(FakeMailConfig.defaults());
  }

  /**
   * Starts a server; returns once every listener accepts connections and the configured mail is
   * preloaded.
   *
   * @throws UncheckedIOException if a port cannot be bound or preloaded mail cannot be read (the
   *     message names the port or the file)
   */
  public static FakeMailServer start(FakeMailConfig config) {
    return new FakeMailServer(Objects.requireNonNull(config, "config"), null);
  }

  /** For tests: a server whose TLS material comes from {@code tlsMaterial}, on its build thread. */
  static FakeMailServer start(FakeMailConfig config, Supplier<CertificateMaterial> tlsMaterial) {
    return new FakeMailServer(config, Objects.requireNonNull(tlsMaterial, "tlsMaterial"));
  }

  private void bind(Protocol protocol, int port, ChannelInitializer<Channel> initializer) {
    InetSocketAddress address = new InetSocketAddress(config.bindAddress(), port);
    try {
      listeners.put(
          protocol, (InetSocketAddress) transport.bind(address, initializer).localAddress());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while binding " + protocol, e);
    } catch (Exception e) { // Netty rethrows the checked BindException undeclared
      String where = address.getAddress().getHostAddress() + ":" + address.getPort();
      BindException bind =
          new BindException("Cannot bind " + protocol + " to " + where + ": " + e.getMessage());
      bind.initCause(e);
      throw new UncheckedIOException(bind);
    }
  }

  private static CertificateMaterial load(FakeMailConfig.TlsCertificate certificate) {
    if (certificate.isPkcs12()) {
      return CertificateFiles.pkcs12(
          certificate.file(), certificate.password().orElse("").toCharArray());
    }
    return CertificateFiles.pem(certificate.file(), certificate.privateKeyFile().orElseThrow());
  }

  private void preload() {
    for (FakeMailConfig.Preload preload : config.preloads()) {
      if (preload.recipient().isPresent()) {
        deliver(preload.recipient().get(), preload.path());
      } else {
        for (Path folder : EmlFiles.mailboxFolders(preload.path())) {
          deliver(folder.getFileName().toString(), folder);
        }
      }
    }
  }

  /**
   * The server's TLS trust material for clients: an {@code SSLContext}, socket factory, PEM and
   * trust store that trust this server's certificate, and Jakarta Mail properties per protocol and
   * {@link TlsMode}: {@link TlsMode#STARTTLS} on the SMTP, POP3 and IMAP ports, {@link
   * TlsMode#IMPLICIT} on the SMTPS, POP3S and IMAPS ports of the protocols this server serves.
   *
   * @throws IllegalStateException if the server's TLS context could not be built (the message says
   *     why)
   */
  public synchronized ServerTls tls() {
    if (tls == null) {
      InetAddress bound = config.bindAddress();
      String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
      Map<Protocol, Integer> starttls = new EnumMap<>(Protocol.class);
      if (listeners.containsKey(Protocol.SMTP)) {
        starttls.put(Protocol.SMTP, smtpPort());
      }
      if (listeners.containsKey(Protocol.POP3)) {
        starttls.put(Protocol.POP3, pop3Port());
      }
      if (listeners.containsKey(Protocol.IMAP)) {
        starttls.put(Protocol.IMAP, imapPort());
      }
      Map<Protocol, Integer> implicit = new EnumMap<>(Protocol.class);
      if (listeners.containsKey(Protocol.SMTPS)) {
        implicit.put(Protocol.SMTP, smtpsPort());
      }
      if (listeners.containsKey(Protocol.POP3S)) {
        implicit.put(Protocol.POP3, pop3sPort());
      }
      if (listeners.containsKey(Protocol.IMAPS)) {
        implicit.put(Protocol.IMAP, imapsPort());
      }
      tls = new ServerTls(host, starttls, implicit, tlsSetup.await().material());
    }
    return tls;
  }

  /** The configuration the server was started with. */
  public FakeMailConfig config() {
    return config;
  }

  /**
   * The host to connect to for SMTP: the bound address as an IP literal, or {@code 127.0.0.1} when
   * bound to every interface.
   *
   * @throws IllegalStateException if the server does not serve SMTP
   */
  public String smtpHost() {
    return host(Protocol.SMTP);
  }

  /**
   * The SMTP port actually bound (the ephemeral one when configured with port 0).
   *
   * @throws IllegalStateException if the server does not serve SMTP
   */
  public int smtpPort() {
    return listener(Protocol.SMTP).getPort();
  }

  /**
   * The host to connect to for SMTPS (implicit TLS); see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve SMTPS (the library's default)
   */
  public String smtpsHost() {
    return host(Protocol.SMTPS);
  }

  /**
   * The SMTPS (implicit TLS) port actually bound.
   *
   * @throws IllegalStateException if the server does not serve SMTPS (the library's default)
   */
  public int smtpsPort() {
    return listener(Protocol.SMTPS).getPort();
  }

  /**
   * The host to connect to for POP3; see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve POP3
   */
  public String pop3Host() {
    return host(Protocol.POP3);
  }

  /**
   * The POP3 port actually bound.
   *
   * @throws IllegalStateException if the server does not serve POP3
   */
  public int pop3Port() {
    return listener(Protocol.POP3).getPort();
  }

  /**
   * The host to connect to for POP3S (implicit TLS); see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve POP3S (the library's default)
   */
  public String pop3sHost() {
    return host(Protocol.POP3S);
  }

  /**
   * The POP3S (implicit TLS) port actually bound.
   *
   * @throws IllegalStateException if the server does not serve POP3S (the library's default)
   */
  public int pop3sPort() {
    return listener(Protocol.POP3S).getPort();
  }

  /**
   * The host to connect to for IMAP; see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve IMAP
   */
  public String imapHost() {
    return host(Protocol.IMAP);
  }

  /**
   * The IMAP port actually bound.
   *
   * @throws IllegalStateException if the server does not serve IMAP
   */
  public int imapPort() {
    return listener(Protocol.IMAP).getPort();
  }

  /**
   * The host to connect to for IMAPS (implicit TLS); see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve IMAPS (the library's default)
   */
  public String imapsHost() {
    return host(Protocol.IMAPS);
  }

  /**
   * The IMAPS (implicit TLS) port actually bound.
   *
   * @throws IllegalStateException if the server does not serve IMAPS (the library's default)
   */
  public int imapsPort() {
    return listener(Protocol.IMAPS).getPort();
  }

  /**
   * The host to connect to for LMTP; see {@link #smtpHost()}.
   *
   * @throws IllegalStateException if the server does not serve LMTP (the default)
   */
  public String lmtpHost() {
    return host(Protocol.LMTP);
  }

  /**
   * The LMTP port actually bound.
   *
   * @throws IllegalStateException if the server does not serve LMTP (the default)
   */
  public int lmtpPort() {
    return listener(Protocol.LMTP).getPort();
  }

  /**
   * The HTTP API's port actually bound.
   *
   * @throws IllegalStateException if the server does not serve HTTP (the library's default)
   */
  public int httpPort() {
    return listener(Protocol.HTTP).getPort();
  }

  /**
   * The base URL of the HTTP API and web page, {@code http://127.0.0.1:<port>/}: the API is under
   * {@code api/v1/}, the page at the root.
   *
   * @throws IllegalStateException if the server does not serve HTTP (the library's default)
   */
  public URI httpUrl() {
    String host = host(Protocol.HTTP);
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + httpPort() + "/");
  }

  private String host(Protocol protocol) {
    InetAddress address = listener(protocol).getAddress();
    if (address.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    return address.getHostAddress();
  }

  private InetSocketAddress listener(Protocol protocol) {
    InetSocketAddress address = listeners.get(protocol);
    if (address == null) {
      EnumSet<Protocol> wanted = EnumSet.copyOf(config.protocols());
      wanted.add(protocol);
      StringJoiner list = new StringJoiner(", ");
      wanted.forEach(p -> list.add("Protocol." + p));
      throw new IllegalStateException(
          protocol
              + " is not enabled on this server; enable it with"
              + " FakeMailConfig.builder().protocols("
              + list
              + ")");
    }
    return address;
  }

  /**
   * Puts a message straight into the recipient's mailbox (its INBOX), as if a mail server had
   * delivered it: for apps that read mail by POP3. The bytes are stored exactly; POP3 sends them
   * with CRLF line endings. Seeded mail is not in the capture log ({@link #inbox()}): the app did
   * not send it.
   *
   * @return the stored message; its envelope has the recipient and no sender
   */
  public ReceivedMail deliver(String recipient, byte[] rawMessage) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(rawMessage, "rawMessage");
    if (recipient.isBlank()) {
      throw new IllegalArgumentException("recipient must be an address, was \"" + recipient + "\"");
    }
    Instant now = Instant.now();
    Envelope envelope = Envelope.builder().addRecipient(recipient.trim()).build();
    ReceivedMail mail =
        ReceivedMail.of("seed-" + seedCounter.incrementAndGet(), now, envelope, rawMessage);
    mailboxes.deliver(mail, envelope.recipients(), now);
    return mail;
  }

  /**
   * Puts the mail of an {@code .eml} file, or of every {@code *.eml} file in a folder (in file-name
   * order, not descending into subfolders), into the recipient's mailbox; see {@link
   * #deliver(String, byte[])}.
   *
   * @return the stored messages, in the order delivered
   * @throws UncheckedIOException if the path does not exist or a file cannot be read
   */
  public List<ReceivedMail> deliver(String recipient, Path emlFileOrFolder) {
    Objects.requireNonNull(recipient, "recipient");
    List<ReceivedMail> delivered = new ArrayList<>();
    for (Path file : EmlFiles.list(Objects.requireNonNull(emlFileOrFolder, "emlFileOrFolder"))) {
      delivered.add(deliver(recipient, EmlFiles.read(file)));
    }
    return List.copyOf(delivered);
  }

  /**
   * The messages in the address's mailbox (its INBOX) now, oldest first: what a POP3 client that
   * logs in as the address would see. Empty if the address has no mailbox. The address is
   * normalised as for delivery: case is ignored and, by default, a {@code +detail} too.
   */
  public List<ReceivedMail> mailbox(String address) {
    Objects.requireNonNull(address, "address");
    return mailboxes
        .find(address)
        .map(m -> m.inbox().messages().stream().map(MailboxMessage::mail).toList())
        .orElse(List.of());
  }

  /**
   * Removes every mailbox and the mail in it, seeded or received; the capture log ({@link
   * #inbox()}) keeps its messages. A mailbox made again later has a new UIDVALIDITY, so POP3 UIDL
   * ids are never reused. POP3 sessions that are logged in keep the snapshot they took at login;
   * IMAP sessions are ended with {@code * BYE The mailbox was cleared; log in again}, so a client
   * that stays connected (IDLE) reconnects and sees the new mailbox instead of waiting on the old.
   */
  public void clearMailboxes() {
    mailboxes.clear();
  }

  /**
   * Every message the server received by SMTP or LMTP, to list, await and clear. Clearing it leaves
   * the mailboxes alone; see {@link #clearMailboxes()}.
   */
  public Inbox inbox() {
    return inbox;
  }

  /**
   * The scripted SMTP behaviour of the whole server: {@link SmtpRule}s that make the SMTP and SMTPS
   * listeners fail, stall or drop on cue. Rules of inboxes ({@link Inbox#smtp()}) are listed here
   * too; {@link #inbox()}{@code .clear()} removes every rule.
   */
  public SmtpBehavior smtp() {
    return store.rules().all();
  }

  /**
   * The session transcripts the server keeps (see {@link FakeMailConfig#maxTranscripts()}), oldest
   * first, each as recorded now: SMTP, LMTP, POP3 and IMAP sessions (implicit TLS included), those
   * that stored mail and those that did not (refused, dropped, read only). {@link #inbox()}{@code
   * .clear()} forgets them. Same as {@link #inbox()}{@code .transcripts()}.
   */
  public List<Transcript> transcripts() {
    return store.transcripts().list();
  }

  /** The kept transcript with this id ({@link Transcript#id()}), as recorded now. */
  public Optional<Transcript> transcript(String id) {
    return store.transcripts().find(id);
  }

  /**
   * A fresh inbox with an address of its own ({@code inbox-…@fakemail.test} by default) that sees
   * only mail sent to that address, so tests sharing one server never see each other's mail.
   */
  public Inbox newInbox() {
    String local =
        "inbox-"
            + inboxCounter.incrementAndGet()
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return StoreInbox.forAddress(store, local + "@" + config.inboxDomain(), config.awaitTimeout());
  }

  /** The HTTP API's view of the server: seeding, new inboxes and readiness. */
  private final class Backend implements HttpBackend {
    @Override
    public ReceivedMail deliver(String recipient, byte[] raw) {
      return FakeMailServer.this.deliver(recipient, raw);
    }

    @Override
    public String newInboxAddress() {
      return newInbox().address();
    }

    @Override
    public Optional<Map<String, Integer>> readyListeners() {
      if (!ready || closed.get()) {
        return Optional.empty();
      }
      Map<String, Integer> ports = new java.util.LinkedHashMap<>();
      listeners.forEach((p, a) -> ports.put(p.name().toLowerCase(Locale.ROOT), a.getPort()));
      return Optional.of(ports);
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops listening, closes every connection and stops the server's threads. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      transport.close();
      tlsSetup.close(); // a TLS build still running ends before close() returns
    }
  }

  /** {@code FakeMailServer{smtp=127.0.0.1:41234, pop3=127.0.0.1:41235}}. */
  @Override
  public String toString() {
    StringJoiner sb = new StringJoiner(", ", "FakeMailServer{", "}");
    listeners.forEach(
        (p, a) -> sb.add(p.name().toLowerCase(Locale.ROOT) + "=" + host(p) + ":" + a.getPort()));
    if (isClosed()) {
      sb.add("closed");
    }
    return sb.toString();
  }
}
