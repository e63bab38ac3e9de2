package dev.fakemail.internal.imap;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.Protocol;
import dev.fakemail.internal.auth.AuthPolicy;
import dev.fakemail.internal.net.tls.TlsSetup;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
import dev.fakemail.internal.transcript.TranscriptLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IMAP4rev1 (RFC 3501) of our own on the server's shared event loop and store: one {@link
 * ImapSession} per connection, reading and writing on its channel's event loop without blocking.
 *
 * <p>Capabilities: see {@link #CAPABILITIES}, and before login what Dovecot adds there (see {@link
 * #capabilities(boolean, boolean)}): STARTTLS (RFC 3501 §6.2.1) on a session that may still
 * upgrade, LOGINDISABLED when the {@link AuthPolicy} wants TLS first, and {@code AUTH=} for each
 * mechanism offered on the connection.
 */
public final class ImapService {
  /**
   * What CAPABILITY lists in every state, in order. CONDSTORE, SPECIAL-USE (the LIST-EXTENDED
   * selection), SEARCHRES and the rest are left out until implemented.
   */
  public static final List<String> CAPABILITIES =
      List.of(
          "IMAP4rev1",
          "LITERAL+",
          "SASL-IR",
          "ID",
          "ENABLE",
          "IDLE",
          "NAMESPACE",
          "UNSELECT",
          "UIDPLUS",
          "MOVE",
          "CHILDREN");

  private static final String ALL = String.join(" ", CAPABILITIES);

  private final Mailboxes mailboxes;
  private final AuthPolicy auth;
  private final Users users;
  private final String hostname;
  private final int maxLineLength;
  private final long maxLiteralSize;
  private final Duration idleTimeout;
  private final AtomicLong appendCounter = new AtomicLong();
  private final TlsSetup startTls;
  private final TranscriptLog transcripts;

  /**
   * @param startTls the server TLS STARTTLS upgrades to, or {@code null} to offer no STARTTLS
   */
  public ImapService(
      Mailboxes mailboxes, AuthPolicy auth, FakeMailConfig config, TlsSetup startTls) {
    this(mailboxes, auth, config, startTls, TranscriptLog.disabled());
  }

  /**
   * @param startTls the server TLS STARTTLS upgrades to, or {@code null} to offer no STARTTLS
   * @param transcripts where each session is recorded
   */
  public ImapService(
      Mailboxes mailboxes,
      AuthPolicy auth,
      FakeMailConfig config,
      TlsSetup startTls,
      TranscriptLog transcripts) {
    this.startTls = startTls;
    this.transcripts = transcripts;
    this.mailboxes = mailboxes;
    this.auth = auth;
    this.users = auth.users();
    this.hostname = config.hostname();
    this.maxLineLength = config.maxLineLength();
    long max = config.maxMessageSize();
    this.maxLiteralSize =
        max <= 0 ? Integer.MAX_VALUE - 1024 : Math.min(max, Integer.MAX_VALUE - 1024);
    this.idleTimeout = config.idleTimeout();
  }

  /**
   * The capability list for a session. After login: {@link #CAPABILITIES}. Before login, in
   * Dovecot's order: STARTTLS while the session may still upgrade (not on TLS, STARTTLS offered),
   * LOGINDISABLED (RFC 3501 §6.2.3) when the {@link AuthPolicy} refuses login on this connection,
   * then {@code AUTH=<mechanism>} for each mechanism it advertises here (none when login is
   * refused).
   */
  String capabilities(boolean authenticated, boolean tls) {
    if (authenticated) {
      return ALL;
    }
    StringBuilder caps = new StringBuilder(ALL);
    if (!tls && startTls != null) {
      caps.append(" STARTTLS");
    }
    if (!auth.loginAllowed(Protocol.IMAP, tls)) {
      caps.append(" LOGINDISABLED");
    }
    for (String mechanism : auth.advertisedNames(Protocol.IMAP, tls)) {
      caps.append(" AUTH=").append(mechanism);
    }
    return caps.toString();
  }

  /** Where sessions are recorded. */
  TranscriptLog transcripts() {
    return transcripts;
  }

  /** The server TLS STARTTLS upgrades to, or {@code null}. */
  TlsSetup startTls() {
    return startTls;
  }

  Mailboxes mailboxes() {
    return mailboxes;
  }

  Users users() {
    return users;
  }

  AuthPolicy auth() {
    return auth;
  }

  String hostname() {
    return hostname;
  }

  int maxLineLength() {
    return maxLineLength;
  }

  long maxLiteralSize() {
    return maxLiteralSize;
  }

  String nextAppendId() {
    return "imap-" + appendCounter.incrementAndGet();
  }

  /** The pipeline of each accepted IMAP connection. */
  public ChannelInitializer<Channel> channelInitializer() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        // a big FETCH stops producing above 1 MiB queued and goes on below 256 KiB
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
        ChannelPipeline p = channel.pipeline();
        if (!idleTimeout.isZero()) {
          p.addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        p.addLast(new ImapSession(ImapService.this));
      }
    };
  }
}
