package dev.fakemail.internal.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateMaterialTest {
  @TempDir Path dir;

  @Test
  void generatedCertificateCoversLoopbackAndHostname() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("mail.example.test");
    X509Certificate cert = m.leaf();
    Set<String> sans =
        cert.getSubjectAlternativeNames().stream()
            .map(l -> l.get(1).toString())
            .collect(Collectors.toSet());
    assertThat(sans)
        .containsExactlyInAnyOrder(
            "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "mail.example.test");
    assertThat(m.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
  }

  @Test
  void ipHostnameBecomesAnIpSan() throws Exception {
    X509Certificate cert = SelfSignedCertificates.forHostname("10.1.2.3").leaf();
    assertThat(cert.getSubjectAlternativeNames())
        .contains(List.of(7, "10.1.2.3"))
        .contains(List.of(2, "localhost"));
  }

  @Test
  void aSpecificBindAddressBecomesAnIpSanAWildcardDoesNot() throws Exception {
    InetAddress lan = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
    X509Certificate cert = SelfSignedCertificates.forServer("mail.example.test", lan).leaf();
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"),
            List.of(7, "127.0.0.1"),
            List.of(7, "0:0:0:0:0:0:0:1"),
            List.of(2, "mail.example.test"),
            List.of(7, "10.1.2.3"));
    InetAddress v6 = InetAddress.getByName("fd00::5"); // a literal: no lookup
    assertThat(
            SelfSignedCertificates.forServer("localhost", v6).leaf().getSubjectAlternativeNames())
        .contains(List.of(7, "fd00:0:0:0:0:0:0:5"))
        .hasSize(4);
    InetAddress any = InetAddress.getByAddress(new byte[4]);
    assertThat(SelfSignedCertificates.subjectAltNames("localhost", any))
        .containsExactly("localhost", "127.0.0.1", "::1");
    assertThat(SelfSignedCertificates.forServer("localhost", any))
        .isSameAs(SelfSignedCertificates.forHostname("localhost"));
    assertThat(SelfSignedCertificates.forServer("localhost", InetAddress.getByName("::1")))
        .isSameAs(SelfSignedCertificates.forHostname("localhost"));
    assertThat(
            SelfSignedCertificates.subjectAltNames(
                "localhost", InetAddress.getByAddress(new byte[] {127, 0, 0, 2})))
        .containsExactly("localhost", "127.0.0.1", "::1", "127.0.0.2");
  }

  @Test
  void generatedCertificateIsAServerCertificateValidForTenYears() throws Exception {
    X509Certificate cert = SelfSignedCertificates.forHostname("localhost").leaf();
    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal().getName())
        .isEqualTo(
            "O=FakeMail,CN=FakeMail self-signed test certificate"); // RFC 2253: last RDN first
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(3651));
    assertThat(cert.getSerialNumber().bitLength()).isEqualTo(64);
  }

  @Test
  void localhostMaterialIsSharedPerJvmOtherHostnamesAreFresh() {
    assertThat(SelfSignedCertificates.forHostname("localhost"))
        .isSameAs(SelfSignedCertificates.forHostname("LOCALHOST"))
        .isSameAs(SelfSignedCertificates.forHostname("127.0.0.1"));
    assertThat(SelfSignedCertificates.forHostname("a.test").leaf())
        .isNotEqualTo(SelfSignedCertificates.forHostname("a.test").leaf());
  }

  @Test
  void serverContextBuildsFromGeneratedMaterial() {
    ServerTlsContext ctx = ServerTlsContext.build(SelfSignedCertificates.forHostname("localhost"));
    assertThat(ctx.cipherSuites()).isNotEmpty();
  }

  @Test
  void readsPkcs12() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("p12.test");
    Path file = dir.resolve("server.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server", m.privateKey(), "secret".toCharArray(), m.chain().toArray(new Certificate[0]));
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "secret".toCharArray());
    }
    CertificateMaterial read = CertificateFiles.pkcs12(file, "secret".toCharArray());
    assertThat(read.leaf()).isEqualTo(m.leaf());
    assertThat(read.privateKey().getEncoded()).isEqualTo(m.privateKey().getEncoded());
  }

  @Test
  void pkcs12WithWrongPasswordSaysSo() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("localhost");
    Path file = dir.resolve("server.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server", m.privateKey(), "secret".toCharArray(), m.chain().toArray(new Certificate[0]));
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "secret".toCharArray());
    }
    assertThatThrownBy(() -> CertificateFiles.pkcs12(file, "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS key store " + file + " could not be opened: wrong password?");
  }

  @Test
  void missingFilesAreNamed() {
    Path none = dir.resolve("none.p12");
    assertThatThrownBy(() -> CertificateFiles.pkcs12(none, new char[0]))
        .hasMessage("TLS key store " + none + " does not exist");
    assertThatThrownBy(() -> CertificateFiles.pem(none, none))
        .hasMessage("TLS certificate " + none + " does not exist");
  }

  @Test
  void readsPemPair() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("pem.test");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(cert, m.leaf());
    writePem(key, new JcaPKCS8Generator(m.privateKey(), null));
    CertificateMaterial read = CertificateFiles.pem(cert, key);
    assertThat(read.chain()).containsExactly(m.leaf());
    assertThat(read.privateKey().getEncoded()).isEqualTo(m.privateKey().getEncoded());
    assertThat(ServerTlsContext.build(read).material()).isSameAs(read);
  }

  @Test
  void readsPkcs8PemKeyAndChain() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("pkcs8.test");
    CertificateMaterial issuer = SelfSignedCertificates.forHostname("issuer.test");
    Path cert = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    try (Writer w = Files.newBufferedWriter(cert, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(m.leaf());
      pem.writeObject(issuer.leaf());
    }
    writePem(key, new JcaPKCS8Generator(m.privateKey(), null));
    CertificateMaterial read = CertificateFiles.pem(cert, key);
    assertThat(read.chain()).containsExactly(m.leaf(), issuer.leaf());
    assertThat(read.privateKey().getEncoded()).isEqualTo(m.privateKey().getEncoded());
  }

  @Test
  void pemKeyOfAnotherCertificateIsRejected() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(cert, SelfSignedCertificates.forHostname("one.test").leaf());
    writePem(
        key,
        new JcaPKCS8Generator(SelfSignedCertificates.forHostname("two.test").privateKey(), null));
    assertThatThrownBy(() -> CertificateFiles.pem(cert, key))
        .hasMessage(
            "TLS private key " + key + " does not belong to the first certificate in " + cert);
  }

  @Test
  void pemWithoutCertificateOrKeySaysWhichIsMissing() throws Exception {
    CertificateMaterial m = SelfSignedCertificates.forHostname("localhost");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(cert, m.leaf());
    writePem(key, new JcaPKCS8Generator(m.privateKey(), null));
    assertThatThrownBy(() -> CertificateFiles.pem(key, key))
        .hasMessage("TLS certificate " + key + " holds no PEM CERTIFICATE block");
    assertThatThrownBy(() -> CertificateFiles.pem(cert, cert))
        .hasMessage("TLS private key " + cert + " holds no PEM private key");
  }

  private static void writePem(Path file, Object o) throws Exception {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
  }
}
