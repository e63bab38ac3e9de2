package dev.fakemail.internal.net.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server's TLS context: a JDK {@link SSLContext} holding its certificate, and the {@link
 * SslHandler}s made from it (TLS 1.3 and 1.2 only, the JDK's default cipher suites, no client
 * certificates). Immutable and thread-safe.
 *
 * <p>Built without Netty's {@code SslContextBuilder}, a key store or a {@code KeyManagerFactory}:
 * measured in a cold JVM, those cost most of the first TLS start (Netty's {@code JdkSslContext}
 * initialiser builds the JDK's default context, which reads the {@code cacerts} trust store; the
 * PKCS#12 key store Netty puts the key in encrypts it and the key manager decrypts it, each with
 * 10,000 rounds of PBKDF2). Here the key manager hands the JDK the key directly, and the trust
 * manager, which a server that asks for no client certificate never consults, trusts nothing.
 */
public final class ServerTlsContext {
  /** The protocol versions every TLS listener and STARTTLS accept; older ones are refused. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private static final System.Logger LOG = System.getLogger(ServerTlsContext.class.getName());

  private final CertificateMaterial material;
  private final SSLContext context;
  private final String[] protocols;
  private final String[] cipherSuites;

  private ServerTlsContext(CertificateMaterial material, SSLContext context) {
    this.material = material;
    this.context = context;
    this.protocols = PROTOCOLS.toArray(new String[0]);
    SSLEngine probe = context.createSSLEngine();
    this.cipherSuites = probe.getEnabledCipherSuites();
  }

  /** Builds the context for {@code material}; a failure says why. */
  public static ServerTlsContext build(CertificateMaterial material) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new FixedKeyManager(material)},
          new TrustManager[] {new NoClientCertificates()},
          null);
      return new ServerTlsContext(material, context);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not build the server TLS context: " + e.getMessage(), e);
    }
  }

  public CertificateMaterial material() {
    return material;
  }

  /** The cipher suites a handshake may pick (the JDK's defaults). */
  public String[] cipherSuites() {
    return cipherSuites.clone();
  }

  /**
   * A new server-side handler for {@code channel}: a handshake that has not finished within {@code
   * handshakeTimeout} (zero: no limit) fails, and a failed handshake is logged in one line and
   * closes the connection.
   */
  public SslHandler newHandler(Channel channel, Duration handshakeTimeout) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(protocols);
    SslHandler handler = new SslHandler(engine);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    handler
        .handshakeFuture()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                LOG.log(
                    System.Logger.Level.INFO,
                    "TLS handshake failed, closing the connection from "
                        + channel.remoteAddress()
                        + " to port "
                        + port(channel)
                        + ": "
                        + reason(f.cause(), handshakeTimeout));
                channel.close();
              }
            });
    return handler;
  }

  static String port(Channel channel) {
    return channel.localAddress() instanceof java.net.InetSocketAddress
        ? Integer.toString(((java.net.InetSocketAddress) channel.localAddress()).getPort())
        : String.valueOf(channel.localAddress());
  }

  /** A short reason, without the hex dump Netty puts in some messages. */
  static String reason(Throwable cause, Duration handshakeTimeout) {
    if (cause instanceof SslHandshakeTimeoutException) {
      return "no handshake within " + handshakeTimeout.toMillis() + " ms";
    }
    if (cause instanceof NotSslRecordException) {
      return "the client sent something that is not TLS (plain text?)";
    }
    if (cause instanceof ClosedChannelException
        || cause instanceof SSLException
            && cause.getMessage() != null
            && cause.getMessage().toLowerCase(Locale.ROOT).contains("closed")) {
      return "the client closed the connection during the handshake";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** The one key and chain, for whatever key type the JDK asks about that matches the key. */
  private static final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "fakemail";
    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final String algorithm;

    FixedKeyManager(CertificateMaterial material) {
      this.key = material.privateKey();
      this.chain = material.chain().toArray(new X509Certificate[0]);
      this.algorithm = normalise(key.getAlgorithm());
    }

    /** Key types look like {@code EC}, {@code RSA}, {@code RSASSA-PSS} or {@code EC_RSA}. */
    private String alias(String keyType) {
      if (keyType == null) {
        return null;
      }
      int underscore = keyType.indexOf('_');
      String type = underscore < 0 ? keyType : keyType.substring(0, underscore);
      return normalise(type).equals(algorithm) ? ALIAS : null;
    }

    private static String normalise(String algorithm) {
      return "Ed25519".equalsIgnoreCase(algorithm) || "Ed448".equalsIgnoreCase(algorithm)
          ? "EdDSA"
          : algorithm.toUpperCase(Locale.ROOT);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return null;
    }

    @Override
    public String toString() {
      return "FixedKeyManager" + Arrays.toString(new String[] {algorithm});
    }
  }

  /** The server never requests a client certificate; should one be checked, it is refused. */
  private static final class NoClientCertificates extends X509ExtendedTrustManager {
    private static CertificateException refuse() {
      return new CertificateException("FakeMail does not accept client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw refuse();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
