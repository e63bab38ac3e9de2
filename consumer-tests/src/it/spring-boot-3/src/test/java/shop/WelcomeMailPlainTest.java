package shop;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import dev.fakemail.junit.FakeMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's "JUnit 5" Spring example: plain SMTP, host and port only. */
@SpringBootTest
class WelcomeMailPlainTest {
  @RegisterExtension static final FakeMailExtension mail = FakeMailExtension.create();

  @DynamicPropertySource
  static void mailProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> mail.server().smtpHost());
    registry.add("spring.mail.port", () -> mail.server().smtpPort());
  }

  @Autowired WelcomeMailer mailer;

  @Test
  void sendsTheWelcomeMail(Inbox inbox) {
    mailer.sendWelcome("Alice", "alice@example.test");

    ReceivedMail received = inbox.awaitMessage(to("alice@example.test"));
    assertThat(received)
        .hasSubject("Welcome, Alice")
        .hasFrom("noreply@shop.test")
        .hasOnlyTo("alice@example.test")
        .hasEnvelopeSender("noreply@shop.test")
        .wasNotSentOverTls()
        .wasNotAuthenticated();
  }
}
