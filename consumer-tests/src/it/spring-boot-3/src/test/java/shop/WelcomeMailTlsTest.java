package shop;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.AuthMode;
import dev.fakemail.FakeMailConfig;
import dev.fakemail.FakeMailServer;
import dev.fakemail.Protocol;
import dev.fakemail.ReceivedMail;
import dev.fakemail.junit.FakeMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's "Spring's JavaMailSender" Spring Boot example, verbatim: STARTTLS with an SSL bundle
 * that trusts the server's certificate, and AUTH. The server refuses mail before STARTTLS and
 * checks the password, so a wiring that skipped either would fail to send.
 */
@SpringBootTest
class WelcomeMailTlsTest {
  @RegisterExtension
  static final FakeMailExtension mail =
      FakeMailExtension.create(
          FakeMailConfig.builder()
              .authMode(AuthMode.USERS)
              .user("app@shop.test", "s3cret")
              .requireTls(Protocol.SMTP)
              .build());

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    FakeMailServer server = mail.server();
    // From here to the end of the method: the README example.
    registry.add("spring.mail.host", server::smtpHost);
    registry.add("spring.mail.port", server::smtpPort);
    registry.add("spring.mail.username", () -> "app@shop.test");
    registry.add("spring.mail.password", () -> "s3cret");
    registry.add("spring.mail.properties.mail.smtp.auth", () -> "true");
    registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "true");
    registry.add("spring.mail.properties.mail.smtp.starttls.required", () -> "true");
    registry.add(
        "spring.ssl.bundle.pem.fakemail.truststore.certificate",
        () -> server.tls().certificatePem());
    registry.add("spring.mail.ssl.bundle", () -> "fakemail");
  }

  @Autowired WelcomeMailer mailer;

  @Test
  void sendsTheWelcomeMailOverStartTlsAsTheConfiguredUser() {
    mailer.sendWelcome("Bob", "bob@example.test");

    ReceivedMail received = mail.inbox().awaitMessage(to("bob@example.test"));
    assertThat(received)
        .hasSubject("Welcome, Bob")
        .hasFrom("noreply@shop.test")
        .hasTo("bob@example.test")
        .hasTextBodyContaining("/confirm?token=42")
        .wasSentOverTls()
        .wasAuthenticatedAs("app@shop.test");
  }
}
