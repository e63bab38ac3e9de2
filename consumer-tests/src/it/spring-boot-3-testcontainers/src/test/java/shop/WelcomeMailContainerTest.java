package shop;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.ReceivedMail;
import dev.fakemail.testcontainers.FakeMailContainer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The application's mail goes to a FakeMail container: Spring Boot 3.5 has no mail {@code
 * ConnectionDetails} (so no {@code @ServiceConnection} for mail), and {@code DynamicPropertySource}
 * hands the mapped SMTP port to {@code spring.mail.*}.
 */
@SpringBootTest
@Testcontainers
class WelcomeMailContainerTest {
  @Container static final FakeMailContainer fakemail = new FakeMailContainer();

  @DynamicPropertySource
  static void mailProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", fakemail::getHost);
    registry.add("spring.mail.port", fakemail::getSmtpPort);
  }

  @Autowired WelcomeMailer mailer;

  @Test
  void sendsTheWelcomeMail() {
    mailer.sendWelcome("Alice", "alice@example.test");

    ReceivedMail received = fakemail.getInbox().awaitMessage(to("alice@example.test"));
    assertThat(received)
        .hasSubject("Welcome, Alice")
        .hasFrom("noreply@shop.test")
        .hasOnlyTo("alice@example.test")
        .hasEnvelopeSender("noreply@shop.test")
        .wasNotAuthenticated();
  }

  @Test
  void givesEachTestAnInboxOfItsOwn() {
    var inbox = fakemail.getHttpClient().newInbox();
    mailer.sendWelcome("Bob", inbox.address());

    assertThat(inbox.awaitMessage(to(inbox.address()))).hasSubject("Welcome, Bob");
    assertThat(inbox).hasMessageCount(1);
  }
}
