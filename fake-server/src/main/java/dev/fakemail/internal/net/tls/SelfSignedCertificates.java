package dev.fakemail.internal.net.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The zero-setup certificate: an EC P-256 key and a self-signed certificate whose subject
 * alternative names are {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the configured hostname
 * and, when the server binds to one specific address other than those, that address.
 *
 * <p>JDK only: the JDK generates the key and signs, the few DER structures of the certificate are
 * written by {@link Der}, and the JDK's {@code CertificateFactory} parses the result (which checks
 * the encoding). BouncyCastle, which built the ASN.1 before, cost ~230 ms of CPU for its classes
 * and builder in a cold JVM (see "TLS start cost" in the README).
 *
 * <p><b>Caching.</b> The material for the default names (loopback only) is computed once per JVM in
 * the lazy holder {@link DefaultHolder}: a {@code static final} immutable value, initialised on
 * first use by the JVM's class-initialisation lock, never reassigned and not reachable from the
 * public API except through each server's own trust view. Any other name set gets a fresh
 * certificate per server; there is no mutable cache.
 */
public final class SelfSignedCertificates {
  /** Names that every generated certificate covers, whatever the hostname. */
  public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

  static final String COMMON_NAME = "FakeMail self-signed test certificate";
  static final String ORGANIZATION = "FakeMail";
  static final Duration BACKDATE = Duration.ofDays(1);
  static final Duration VALIDITY = Duration.ofDays(3650);

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME_OID = "2.5.4.3";
  private static final String ORGANIZATION_OID = "2.5.4.10";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private SelfSignedCertificates() {}

  /** The certificate for {@code hostname} on a loopback bind address. */
  public static CertificateMaterial forHostname(String hostname) {
    return forServer(hostname, InetAddress.getLoopbackAddress());
  }

  /**
   * The certificate for a server with this hostname and bind address: the JVM-wide one when both
   * add nothing to {@link #LOOPBACK_NAMES}, else a fresh one.
   */
  public static CertificateMaterial forServer(String hostname, InetAddress bindAddress) {
    Set<String> names = subjectAltNames(hostname, bindAddress);
    if (names.equals(Set.copyOf(LOOPBACK_NAMES))) {
      return DefaultHolder.MATERIAL;
    }
    return generate(names);
  }

  /**
   * The SANs, loopback names first, without duplicates: the hostname, and the bind address when it
   * is one specific address other than {@code 127.0.0.1} and {@code ::1} (a wildcard bind has no
   * one address to name; a client reaching it through another address sees that address missing).
   */
  public static Set<String> subjectAltNames(String hostname, InetAddress bindAddress) {
    Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
    names.add(hostname.toLowerCase(Locale.ROOT));
    if (!bindAddress.isAnyLocalAddress() && !isDefaultLoopback(bindAddress)) {
      String literal = bindAddress.getHostAddress();
      int scope = literal.indexOf('%'); // an IPv6 scope is not part of the address
      names.add(scope < 0 ? literal : literal.substring(0, scope));
    }
    return names;
  }

  private static boolean isDefaultLoopback(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length == 4) {
      return a[0] == 127 && a[1] == 0 && a[2] == 0 && a[3] == 1;
    }
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  /** Generates a new key pair and certificate (no caching). */
  static CertificateMaterial generate(Set<String> names) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
      byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
      byte[] name =
          Der.sequence(
              Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME_OID), Der.utf8(COMMON_NAME))),
              Der.tlv(Der.SET, Der.sequence(Der.oid(ORGANIZATION_OID), Der.utf8(ORGANIZATION))));
      byte[] extensions =
          Der.sequence(
              extension(SUBJECT_ALT_NAME, false, generalNames(names)),
              extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA FALSE: the default
              // digitalSignature is bit 0: one byte, 7 unused bits
              extension(KEY_USAGE, true, Der.bitString(7, new byte[] {(byte) 0x80})),
              extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))));
      byte[] tbs =
          Der.sequence(
              Der.tlv(0xa0, Der.integer(BigInteger.TWO)), // [0] version: v3
              Der.integer(new BigInteger(64, new SecureRandom()).setBit(63)),
              algorithm,
              name,
              Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(VALIDITY))),
              name,
              keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, already DER
              Der.tlv(0xa3, extensions)); // [3] extensions
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(0, signer.sign()));
      X509Certificate parsed =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(certificate));
      return new CertificateMaterial(keys.getPrivate(), List.of(parsed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not generate the self-signed TLS certificate: " + e.getMessage(), e);
    }
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    if (critical) {
      return Der.sequence(
          Der.oid(oid), new byte[] {0x01, 0x01, (byte) 0xff}, Der.octetString(value));
    }
    return Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  /** RFC 5280 §4.2.1.6: dNSName is [2] IA5String, iPAddress is [7] OCTET STRING. */
  private static byte[] generalNames(Set<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : names) {
      if (isIpLiteral(n)) {
        out.writeBytes(Der.tlv(0x87, ipBytes(n)));
      } else {
        out.writeBytes(Der.tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
      }
    }
    return Der.sequence(out.toByteArray());
  }

  static boolean isIpLiteral(String name) {
    return name.indexOf(':') >= 0 || IPV4.matcher(name).matches();
  }

  private static byte[] ipBytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress(); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an IP address: " + literal, e);
    }
  }

  /** Lazy, immutable, once per JVM: the JVM runs this initialiser on first use only. */
  private static final class DefaultHolder {
    static final CertificateMaterial MATERIAL = generate(new LinkedHashSet<>(LOOPBACK_NAMES));
  }
}
