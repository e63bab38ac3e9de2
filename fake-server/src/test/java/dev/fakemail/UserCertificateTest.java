package dev.fakemail;

import static dev.fakemail.MailFilter.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own certificate ({@link FakeMailConfig.Builder#tlsCertificate} and {@link
 * FakeMailConfig.Builder#tlsCertificatePem}): presented on the implicit-TLS listeners and after
 * STARTTLS, and trusted by {@link FakeMailServer#tls()}.
 */
class UserCertificateTest {
  private static final String SUBJECT = "CN=User supplied test certificate, O=Example";
  @TempDir static Path dir;
  private static KeyPair keys;
  private static X509Certificate certificate;
  private static Path pkcs12;
  private static Path certPem;
  private static Path keyPem;

  @BeforeAll
  static void makeCertificateFiles() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    keys = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name(SUBJECT);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(30, ChronoUnit.DAYS)),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

    pkcs12 = dir.resolve("server.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server", keys.getPrivate(), "secret".toCharArray(), new Certificate[] {certificate});
    try (OutputStream out = Files.newOutputStream(pkcs12)) {
      store.store(out, "secret".toCharArray());
    }
    certPem = dir.resolve("chain.pem");
    keyPem = dir.resolve("key.pem");
    writePem(certPem, certificate);
    writePem(keyPem, new JcaPKCS8Generator(keys.getPrivate(), null));
  }

  @Test
  void pkcs12CertificateIsPresentedOnImplicitTlsAndStartTlsAndTrustedByServerTls()
      throws Exception {
    FakeMailConfig config =
        FakeMailConfig.builder()
            .protocols(Protocol.SMTP, Protocol.SMTPS, Protocol.IMAPS)
            .tlsCertificate(pkcs12, "secret")
            .build();
    try (FakeMailServer server = FakeMailServer.start(config)) {
      assertThat(server.tls().certificatePem()).isEqualTo(pem(server));
      assertThat(peerCertificate(server, server.smtpsPort())).isEqualTo(certificate);
      assertThat(peerCertificate(server, server.imapsPort())).isEqualTo(certificate);

      send(server, server.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT), "Via SMTPS");
      send(server, server.tls().mailProperties(Protocol.SMTP, TlsMode.STARTTLS), "Via STARTTLS");
      assertThat(
              server
                  .inbox()
                  .awaitMessages(to("bob@example.test"), 2, java.time.Duration.ofSeconds(10)))
          .extracting(ReceivedMail::subject)
          .containsExactlyInAnyOrder("Via SMTPS", "Via STARTTLS");
      try (Store store =
          Session.getInstance(server.tls().mailProperties(Protocol.IMAP, TlsMode.IMPLICIT))
              .getStore()) {
        store.connect("bob@example.test", "any");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        inbox.close(false);
      }
    }
  }

  @Test
  void pemPairIsPresentedOnPop3sAndAfterStls() throws Exception {
    FakeMailConfig config =
        FakeMailConfig.builder()
            .protocols(Protocol.POP3, Protocol.POP3S)
            .tlsCertificatePem(certPem, keyPem)
            .build();
    try (FakeMailServer server = FakeMailServer.start(config)) {
      server.deliver(
          "carol@example.test",
          "Subject: Seeded\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(peerCertificate(server, server.pop3sPort())).isEqualTo(certificate);
      for (TlsMode mode : TlsMode.values()) {
        try (Store store =
            Session.getInstance(server.tls().mailProperties(Protocol.POP3, mode)).getStore()) {
          store.connect("carol@example.test", "any");
          Folder inbox = store.getFolder("INBOX");
          inbox.open(Folder.READ_ONLY);
          assertThat(inbox.getMessages()).extracting(m -> m.getSubject()).containsExactly("Seeded");
          inbox.close(false);
        }
      }
    }
  }

  @Test
  void unusableFilesFailTheStartNamingTheFile() {
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(
            () ->
                FakeMailServer.start(
                    FakeMailConfig.builder().tlsCertificate(missing, "secret").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS key store " + missing + " does not exist");
    assertThatThrownBy(
            () ->
                FakeMailServer.start(
                    FakeMailConfig.builder().tlsCertificate(pkcs12, "wrong").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS key store " + pkcs12 + " could not be opened: wrong password?");
    assertThatThrownBy(
            () ->
                FakeMailServer.start(
                    FakeMailConfig.builder().tlsCertificatePem(keyPem, keyPem).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS certificate " + keyPem + " holds no PEM CERTIFICATE block");
  }

  @Test
  void configKeepsThePathsAndNeverShowsThePassword() {
    FakeMailConfig a = FakeMailConfig.builder().tlsCertificate(pkcs12, "secret").build();
    FakeMailConfig.TlsCertificate cert = a.tlsCertificate().orElseThrow();
    assertThat(cert.isPkcs12()).isTrue();
    assertThat(cert.file()).isEqualTo(pkcs12);
    assertThat(cert.privateKeyFile()).isEmpty();
    assertThat(cert.password()).contains("secret");
    assertThat(a.toString())
        .contains(", tlsCertificate=pkcs12:" + pkcs12 + ", authMechanisms=")
        .doesNotContain("secret");
    assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(FakeMailConfig.builder().tlsCertificate(pkcs12, "other").build()).isNotEqualTo(a);
    assertThat(FakeMailConfig.defaults().tlsCertificate()).isEmpty();
    assertThat(FakeMailConfig.defaults().toString()).doesNotContain("tlsCertificate");

    FakeMailConfig b = a.toBuilder().tlsCertificatePem(certPem, keyPem).build();
    assertThat(b.tlsCertificate().orElseThrow().isPkcs12()).isFalse();
    assertThat(b.tlsCertificate().orElseThrow().privateKeyFile()).contains(keyPem);
    assertThat(b.toString())
        .contains(", tlsCertificate=pem:" + certPem + "," + keyPem + ", authMechanisms=");
    assertThat(b).isNotEqualTo(a);
  }

  private static void send(FakeMailServer server, Properties props, String subject)
      throws Exception {
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    Session session = Session.getInstance(props);
    MimeMessage m =
        AngusClient.message(session, "shop@example.test", "bob@example.test", subject, "hi");
    AngusClient.send(session, m);
  }

  private static Certificate peerCertificate(FakeMailServer server, int port) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) server.tls().socketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  private static String pem(FakeMailServer server) throws Exception {
    String base64 =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
  }

  private static void writePem(Path file, Object o) throws Exception {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(o);
    }
  }
}
