package dev.fakemail.internal.net.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The zero-setup certificate: an EC P-256 key and a self-signed certificate whose subject
 * alternative names are {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the configured
 * hostname.
 *
 * <p>Only JDK providers are used (BouncyCastle builds the ASN.1; the JDK signs and parses), so
 * nothing is registered with {@code java.security.Security}.
 *
 * <p><b>Caching.</b> Generating costs a few milliseconds (key generation and one signature; see the
 * TLS notes in the README for measured numbers), which per-test servers should not pay each time.
 * The material for the default hostname ({@code localhost}) is computed once per JVM in the lazy
 * holder {@link DefaultHolder}: a {@code static final} immutable value, initialised on first use by
 * the JVM's class-initialisation lock, never reassigned and not reachable from the public API
 * except through each server's own trust view. Any other hostname gets a fresh certificate per
 * server; there is no mutable cache.
 */
public final class SelfSignedCertificates {
  /** Names that every generated certificate covers, whatever the hostname. */
  public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

  static final String SUBJECT = "CN=FakeMail self-signed test certificate, O=FakeMail";
  static final Duration BACKDATE = Duration.ofDays(1);
  static final Duration VALIDITY = Duration.ofDays(3650);

  private SelfSignedCertificates() {}

  /** The certificate for {@code hostname}: the JVM-wide one for {@code localhost}, else fresh. */
  public static CertificateMaterial forHostname(String hostname) {
    if (isLoopbackName(hostname)) {
      return DefaultHolder.MATERIAL;
    }
    return generate(subjectAltNames(hostname));
  }

  private static boolean isLoopbackName(String hostname) {
    return LOOPBACK_NAMES.contains(hostname.toLowerCase(Locale.ROOT));
  }

  /** The SANs for a hostname, loopback names first, without duplicates. */
  static Set<String> subjectAltNames(String hostname) {
    Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
    names.add(hostname.toLowerCase(Locale.ROOT));
    return names;
  }

  /** Generates a new key pair and certificate (no caching). */
  static CertificateMaterial generate(Set<String> names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name(SUBJECT);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).setBit(63),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      GeneralName[] sans =
          names.stream()
              .map(
                  n ->
                      IPAddress.isValid(n)
                          ? new GeneralName(GeneralName.iPAddress, n)
                          : new GeneralName(GeneralName.dNSName, n))
              .toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new CertificateMaterial(keys.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("Could not generate the self-signed TLS certificate", e);
    }
  }

  /** Lazy, immutable, once per JVM: the JVM runs this initialiser on first use only. */
  private static final class DefaultHolder {
    static final CertificateMaterial MATERIAL = generate(subjectAltNames("localhost"));
  }
}
