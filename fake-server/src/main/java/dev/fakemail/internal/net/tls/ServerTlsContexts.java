package dev.fakemail.internal.net.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** Builds the one Netty server {@link SslContext} a server shares across its listeners. */
public final class ServerTlsContexts {
  private ServerTlsContexts() {}

  /** JDK provider (no native library); TLS 1.2 and 1.3, the JDK's default cipher suites. */
  public static SslContext server(CertificateMaterial material) {
    try {
      return SslContextBuilder.forServer(
              material.privateKey(),
              material.chain().toArray(new java.security.cert.X509Certificate[0]))
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(
          "Could not build the server TLS context: " + e.getMessage(), e);
    }
  }
}
