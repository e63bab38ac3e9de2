package dev.fakemail.internal.imap;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.Users;
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
 * <p>Capabilities: see {@link #CAPABILITIES}. STARTTLS is not offered yet; {@link
 * #capabilities(boolean)} is where it goes (before login only, when TLS is configured), and
 * LOGINDISABLED with it.
 */
public final class ImapService {
  /**
   * What CAPABILITY lists, in order. CONDSTORE, SPECIAL-USE (the LIST-EXTENDED selection),
   * SEARCHRES, STARTTLS and the rest are left out until implemented.
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
          "CHILDREN",
          "AUTH=PLAIN");

  private final Mailboxes mailboxes;
  private final Users users;
  private final String hostname;
  private final int maxLineLength;
  private final long maxLiteralSize;
  private final Duration idleTimeout;
  private final AtomicLong appendCounter = new AtomicLong();

  public ImapService(Mailboxes mailboxes, Users users, FakeMailConfig config) {
    this.mailboxes = mailboxes;
    this.users = users;
    this.hostname = config.hostname();
    this.maxLineLength = config.maxLineLength();
    long max = config.maxMessageSize();
    this.maxLiteralSize =
        max <= 0 ? Integer.MAX_VALUE - 1024 : Math.min(max, Integer.MAX_VALUE - 1024);
    this.idleTimeout = config.idleTimeout();
  }

  /** The capability list for a session: the same before and after login for now. */
  String capabilities(boolean authenticated) {
    // STARTTLS hook: when TLS lands, add "STARTTLS" here for !authenticated sessions without TLS.
    return String.join(" ", CAPABILITIES);
  }

  Mailboxes mailboxes() {
    return mailboxes;
  }

  Users users() {
    return users;
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
