package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import org.apache.james.protocols.netty.HandlerConstants;

/**
 * The pipeline of an implicit-TLS listener (SMTPS per RFC 8314, POP3S, IMAPS): the server's {@link
 * io.netty.handler.ssl.SslHandler} first, then the plain protocol's own pipeline. The sessions see
 * the {@code SslHandler} and behave as after STARTTLS: no STARTTLS/STLS offered, mail recorded as
 * sent over TLS. Replies written before the handshake ends (the greeting) wait in the {@code
 * SslHandler}; a failed handshake or plain text closes that connection only.
 *
 * <p>The listener binds before the server's TLS context is built ({@link TlsSetup}). A connection
 * accepted before then is held: it is not read (its ClientHello waits in the socket), its session
 * is not started, and no event-loop thread waits; when the build completes, the connection gets its
 * {@code SslHandler} and protocol pipeline and is read from then on. If the build failed, that
 * connection is closed with a logged reason.
 */
public final class ImplicitTlsInitializer extends ChannelInitializer<Channel> {
  static final String PENDING = "tlsPending";

  private final TlsSetup tls;
  private final ChannelInitializer<Channel> plain;

  public ImplicitTlsInitializer(TlsSetup tls, ChannelInitializer<Channel> plain) {
    this.tls = tls;
    this.plain = plain;
  }

  @Override
  protected void initChannel(Channel channel) {
    ServerTlsContext ready = tls.readyOrNull();
    if (ready != null) {
      install(channel, ready);
      return;
    }
    channel.config().setAutoRead(false);
    Hold hold = new Hold();
    channel.pipeline().addLast(PENDING, hold);
    tls.whenReady(
        channel,
        context -> {
          ChannelPipeline pipeline = channel.pipeline();
          pipeline.remove(hold);
          install(channel, context);
          if (hold.activeSeen) {
            pipeline.fireChannelActive(); // the session's greeting, into the SslHandler
          }
          channel.config().setAutoRead(true);
        });
  }

  private void install(Channel channel, ServerTlsContext context) {
    channel
        .pipeline()
        .addLast(HandlerConstants.SSL_HANDLER, context.newHandler(channel, tls.handshakeTimeout()));
    channel.pipeline().addLast(plain);
  }

  /** Holds back {@code channelActive} until the real pipeline is in place. */
  private static final class Hold extends ChannelInboundHandlerAdapter {
    boolean activeSeen;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      activeSeen = true; // not propagated: no session exists yet
    }
  }
}
