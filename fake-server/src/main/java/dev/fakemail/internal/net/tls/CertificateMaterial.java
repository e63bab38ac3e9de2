package dev.fakemail.internal.net.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A server's private key and its certificate chain (leaf first), immutable. Either generated
 * ({@link SelfSignedCertificates}) or read from the user's files ({@link CertificateFiles}).
 */
public final class CertificateMaterial {
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;

  public CertificateMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.chain = List.copyOf(chain);
    if (this.chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Leaf first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }
}
