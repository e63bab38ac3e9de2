package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Supplier;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

/**
 * James's STARTTLS hook for one connection, on our Netty {@link SslContext}: James's transport asks
 * it for the {@link SslHandler} it puts first in the pipeline once the STARTTLS reply is written.
 */
public final class StartTlsEncryption implements Encryption {
  private final Supplier<SslContext> context;
  private final Channel channel;

  public StartTlsEncryption(Supplier<SslContext> context, Channel channel) {
    this.context = context;
    this.channel = channel;
  }

  @Override
  public boolean isStartTLS() {
    return true;
  }

  @Override
  public boolean supportsEncryption() {
    return true;
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return context.get().cipherSuites().toArray(new String[0]);
  }

  @Override
  public ClientAuth getClientAuth() {
    return ClientAuth.NONE;
  }

  @Override
  public SslHandler sslHandler() {
    return context.get().newHandler(channel.alloc());
  }
}
