package dev.fakemail.internal.net.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** Builds the one Netty server {@link SslContext} a server shares across its listeners. */
public final class ServerTlsContexts {
  private ServerTlsContexts() {}

  /**
   * The server context for {@code material}. Building one costs ~20 ms (measured: the JDK context,
   * key manager and Netty's cipher probing), so the context for the JVM-wide default certificate
   * ({@link SelfSignedCertificates#forHostname} with {@code localhost}) is built once, in a lazy
   * holder like the certificate itself; a Netty {@code JdkSslContext} is immutable and thread-safe.
   */
  public static SslContext server(CertificateMaterial material) {
    if (material == SelfSignedCertificates.forHostname("localhost")) {
      return DefaultHolder.CONTEXT;
    }
    return build(material);
  }

  /** JDK provider (no native library); TLS 1.2 and 1.3, the JDK's default cipher suites. */
  static SslContext build(CertificateMaterial material) {
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

  private static final class DefaultHolder {
    static final SslContext CONTEXT = build(SelfSignedCertificates.forHostname("localhost"));
  }
}
