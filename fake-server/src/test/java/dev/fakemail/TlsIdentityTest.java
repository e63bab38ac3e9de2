package dev.fakemail;

import static dev.fakemail.MailFilter.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The generated certificate passes a client that checks the server's identity (Angus with {@code
 * ssl.checkserveridentity=true}, RFC 6125 / the HTTPS rules) by every name a test may use for the
 * server: {@code localhost}, {@code 127.0.0.1}, the configured hostname, and the bind address.
 */
class TlsIdentityTest {
  @Test
  void angusCheckingServerIdentityConnectsByLocalhostAndBy127001OverSmtpsAndStartTls()
      throws Exception {
    try (FakeMailServer server =
        FakeMailServer.start(
            FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.SMTPS).build())) {
      for (TlsMode mode : TlsMode.values()) {
        for (String host : List.of("localhost", "127.0.0.1")) {
          send(server, mode, host, mode + " via " + host);
        }
      }
    }
  }

  @Test
  void aServerOnAnotherLoopbackAddressNamesItAndItsHostnameInTheCertificate() throws Exception {
    InetAddress bind = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    try (FakeMailServer server =
        FakeMailServer.start(
            FakeMailConfig.builder()
                .protocols(Protocol.SMTP, Protocol.SMTPS)
                .bindAddress(bind)
                .hostname("mail.example.test")
                .build())) {
      X509Certificate cert = certificate(server);
      assertThat(cert.getSubjectAlternativeNames())
          .containsExactlyInAnyOrder(
              List.of(2, "localhost"),
              List.of(7, "127.0.0.1"),
              List.of(7, "0:0:0:0:0:0:0:1"),
              List.of(2, "mail.example.test"),
              List.of(7, "127.0.0.2"));
      assertThat(server.tls().mailProperties(Protocol.SMTP, TlsMode.IMPLICIT))
          .containsEntry("mail.smtp.host", "127.0.0.2");
      send(server, TlsMode.IMPLICIT, "127.0.0.2", "By bind address");
      send(server, TlsMode.STARTTLS, "127.0.0.2", "By bind address, STARTTLS");
    }
  }

  @Test
  void aNameTheCertificateDoesNotCoverFailsTheIdentityCheck() {
    try (FakeMailServer server = FakeMailServer.start();
        SmtpWire plain = SmtpWire.connect(server)) {
      assertThat(plain.send("EHLO client.example.test")).contains("250-STARTTLS");
      assertThat(plain.send("STARTTLS")).startsWith("220");
      assertThatThrownBy(() -> plain.startTls(server.tls().socketFactory(), "other.example.test"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("other.example.test");
    }
  }

  private static void send(FakeMailServer server, TlsMode mode, String host, String subjectText)
      throws Exception {
    Properties props = server.tls().mailProperties(Protocol.SMTP, mode);
    assertThat(props).containsEntry("mail.smtp.ssl.checkserveridentity", "true");
    props.setProperty("mail.smtp.host", host);
    props.setProperty("mail.smtp.localhost", AngusClient.CLIENT_NAME);
    Session session = Session.getInstance(props);
    AngusClient.send(
        session,
        AngusClient.message(session, "a@example.test", "bob@example.test", subjectText, "hi"));
    assertThat(server.inbox().awaitMessage(subject(subjectText)).subject()).isEqualTo(subjectText);
  }

  private static X509Certificate certificate(FakeMailServer server) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    server.tls().certificatePem().getBytes(StandardCharsets.US_ASCII)));
  }
}
