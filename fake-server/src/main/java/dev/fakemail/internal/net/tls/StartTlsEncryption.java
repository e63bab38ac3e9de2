package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

/**
 * James's STARTTLS hook for one connection: James's transport asks it for the {@link SslHandler} it
 * puts first in the pipeline once the STARTTLS reply is written. The session handler writes that
 * reply only once the server's context is built ({@link TlsSetup#whenReady}), so this never waits.
 */
public final class StartTlsEncryption implements Encryption {
  private final TlsSetup tls;
  private final Channel channel;

  public StartTlsEncryption(TlsSetup tls, Channel channel) {
    this.tls = tls;
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

  /** {@code null} ("all allowed") until the context is built; James does not ask before. */
  @Override
  public String[] getEnabledCipherSuites() {
    ServerTlsContext ready = tls.readyOrNull();
    return ready == null ? null : ready.cipherSuites();
  }

  @Override
  public ClientAuth getClientAuth() {
    return ClientAuth.NONE;
  }

  @Override
  public SslHandler sslHandler() {
    return tls.newHandler(channel);
  }
}
