package shop;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.ReceivedMail;
import dev.fakemail.TlsMode;
import dev.fakemail.junit.FakeMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's SMTPS variant: the implicit-TLS port and {@code spring.mail.ssl.enabled=true}. */
@SpringBootTest
class WelcomeMailSmtpsTest {
  @RegisterExtension
  static final FakeMailExtension mail =
      FakeMailExtension.create(
          FakeMailConfig.builder().protocols(Protocol.SMTP, Protocol.SMTPS).build());

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    FakeMailServer server = mail.server();
    registry.add("spring.mail.host", server::smtpsHost);
    registry.add("spring.mail.port", server::smtpsPort);
    registry.add("spring.mail.ssl.enabled", () -> "true");
    registry.add(
        "spring.ssl.bundle.pem.fakemail.truststore.certificate",
        () -> server.tls().certificatePem());
    registry.add("spring.mail.ssl.bundle", () -> "fakemail");
  }

  @Autowired WelcomeMailer mailer;

  @Test
  void sendsTheWelcomeMailOverImplicitTls() {
    mailer.sendWelcome("Erin", "erin@example.test");

    ReceivedMail received = mail.inbox().awaitMessage(to("erin@example.test"));
    assertThat(received).hasSubject("Welcome, Erin").wasSentOverTls().wasNotAuthenticated();
    assertThat(received.envelope().tls().map(tls -> tls.mode())).hasValue(TlsMode.IMPLICIT);
  }
}
