package dev.fakemail.testcontainers;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.AuthMode;
import dev.fakemail.ReceivedMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The README's Testcontainers example, compiled and run: keep the two in step (the README shows the
 * class body from {@code @Container} on, with {@code @Testcontainers} plain).
 */
@Testcontainers(disabledWithoutDocker = true)
class ReadmeExampleIT {
  @Container
  static final FakeMailContainer fakemail =
      new FakeMailContainer() // fakemail/fakemail:<version>
          .withAuthMode(AuthMode.USERS)
          .withUser("support@shop.test", "secret")
          .withEnv("FAKEMAIL_MAX_MESSAGE_SIZE", "10MiB"); // any other option

  @Test
  void sendsTheWelcomeMail() throws MessagingException {
    Properties smtp = new Properties(); // what the application under test is given
    smtp.put("mail.smtp.host", fakemail.getHost());
    smtp.put("mail.smtp.port", fakemail.getSmtpPort());
    smtp.put("mail.smtp.auth", "true");
    MimeMessage welcome = new MimeMessage(Session.getInstance(smtp));
    welcome.setFrom("support@shop.test");
    welcome.setRecipients(Message.RecipientType.TO, "bob@example.test");
    welcome.setSubject("Welcome, Bob");
    welcome.setText("Hello Bob, thanks for signing up.");
    Transport.send(welcome, "support@shop.test", "secret");

    ReceivedMail mail = fakemail.getInbox().awaitMessage(to("bob@example.test"));
    assertThat(mail)
        .hasSubject("Welcome, Bob")
        .hasTextBodyContaining("thanks for signing up")
        .wasAuthenticatedAs("support@shop.test");
  }
}
