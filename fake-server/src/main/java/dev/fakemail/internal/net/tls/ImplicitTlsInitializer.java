package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;
import org.apache.james.protocols.netty.HandlerConstants;

/**
 * The pipeline of an implicit-TLS listener (SMTPS per RFC 8314, POP3S, IMAPS): the server's {@link
 * SslHandler} first, then the plain protocol's own pipeline. The sessions see the {@code
 * SslHandler} and behave as after STARTTLS: no STARTTLS/STLS offered, mail recorded as sent over
 * TLS. Replies written before the handshake ends (the greeting) wait in the {@code SslHandler}; a
 * failed handshake or plain text closes that connection only.
 *
 * @see io.netty.handler.ssl.SslHandler
 */
public final class ImplicitTlsInitializer extends ChannelInitializer<Channel> {
  private final Supplier<SslContext> context;
  private final ChannelInitializer<Channel> plain;

  public ImplicitTlsInitializer(Supplier<SslContext> context, ChannelInitializer<Channel> plain) {
    this.context = context;
    this.plain = plain;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel
        .pipeline()
        .addLast(HandlerConstants.SSL_HANDLER, context.get().newHandler(channel.alloc()));
    channel.pipeline().addLast(plain);
  }
}
