package dev.fakemail;

import dev.fakemail.internal.net.tls.CertificateMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a client needs to trust a running server's certificate, without {@code trust="*"}: an {@link
 * SSLContext} and {@link SSLSocketFactory} that trust exactly this server's certificate, the
 * certificate as PEM, a trust store, and ready-made Jakarta Mail session properties.
 *
 * <pre>{@code
 * Session session =
 *     Session.getInstance(server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS));
 * }</pre>
 *
 * <p>Immutable; obtained from {@link FakeMailServer#tls()}. The server's certificate is the
 * self-signed one generated for its hostname (SANs {@code localhost}, {@code 127.0.0.1}, {@code
 * ::1}, the configured hostname, and the bind address when the server binds to one specific address
 * other than those), or the one the configuration supplies.
 */
public final class ServerTls {
  private final String host;
  private final Map<Protocol, Integer> plainPorts;
  private final Map<Protocol, Integer> implicitPorts;
  private final X509Certificate certificate;
  private final SSLContext sslContext;

  ServerTls(
      String host,
      Map<Protocol, Integer> plainPorts,
      Map<Protocol, Integer> implicitPorts,
      CertificateMaterial material) {
    this.host = host;
    this.plainPorts = Map.copyOf(plainPorts);
    this.implicitPorts = Map.copyOf(implicitPorts);
    this.certificate = material.leaf();
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      this.sslContext = context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not build the client TLS context", e);
    }
  }

  /** A client context that trusts this server's certificate (and nothing else). */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** {@link #sslContext()}'s socket factory, for Jakarta Mail's {@code ssl.socketFactory}. */
  public SSLSocketFactory socketFactory() {
    return sslContext.getSocketFactory();
  }

  /** The server certificate, PEM encoded ({@code -----BEGIN CERTIFICATE-----}, CRLF-free). */
  public String certificatePem() {
    try {
      String base64 =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Could not encode the server certificate", e);
    }
  }

  /** A new PKCS#12 trust store (no password) holding the server certificate as {@code fakemail}. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("fakemail", certificate);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Could not build the trust store", e);
    }
  }

  /**
   * Jakarta Mail (Angus) session properties that connect to this server over TLS and trust only its
   * certificate, with server identity checked: host and port, {@code ssl.socketFactory}, {@code
   * ssl.checkserveridentity}, and either {@code starttls.enable}+{@code starttls.required} or
   * {@code ssl.enable}. A new, mutable {@link Properties} each call: add your own settings to it.
   *
   * @param protocol {@link Protocol#SMTP}, {@link Protocol#POP3} or {@link Protocol#IMAP}
   * @throws IllegalArgumentException for a protocol without TLS (LMTP, HTTP)
   * @throws IllegalStateException if this server does not serve that protocol in that mode
   */
  public Properties mailProperties(Protocol protocol, TlsMode mode) {
    if (protocol != Protocol.SMTP && protocol != Protocol.POP3 && protocol != Protocol.IMAP) {
      throw new IllegalArgumentException(
          "No Jakarta Mail TLS properties for " + protocol + ": use SMTP, POP3 or IMAP");
    }
    Map<Protocol, Integer> ports = mode == TlsMode.STARTTLS ? plainPorts : implicitPorts;
    Integer port = ports.get(protocol);
    if (port == null) {
      throw new IllegalStateException(
          "This server does not serve "
              + protocol
              + (mode == TlsMode.STARTTLS ? " with STARTTLS" : " with implicit TLS"));
    }
    String p = "mail." + protocol.name().toLowerCase(Locale.ROOT) + ".";
    Properties props = new Properties();
    if (protocol == Protocol.SMTP) {
      props.setProperty("mail.transport.protocol", "smtp");
    } else {
      props.setProperty("mail.store.protocol", protocol.name().toLowerCase(Locale.ROOT));
    }
    props.setProperty(p + "host", host);
    props.setProperty(p + "port", Integer.toString(port));
    props.put(p + "ssl.socketFactory", socketFactory());
    props.setProperty(p + "ssl.checkserveridentity", "true");
    if (mode == TlsMode.STARTTLS) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    } else {
      props.setProperty(p + "ssl.enable", "true");
    }
    return props;
  }

  @Override
  public String toString() {
    return "ServerTls{host="
        + host
        + ", certificate="
        + certificate.getSubjectX500Principal().getName()
        + ", starttls="
        + plainPorts
        + ", implicit="
        + implicitPorts
        + "}";
  }
}
