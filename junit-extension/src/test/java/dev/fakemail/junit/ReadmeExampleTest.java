package dev.fakemail.junit;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.ReceivedMail;
import dev.fakemail.testsupport.TestMail;
import org.junit.jupiter.api.Test;

/** The README example, kept compiling and passing; {@code ShopApp} stands in for the user's app. */
@FakeMailTest
class ReadmeExampleTest {

  @Test
  void sendsWelcomeMail(FakeMailServer server, Inbox inbox) {
    ShopApp app = new ShopApp(server.smtpHost(), server.smtpPort());
    app.signUp("bob@example.test");

    ReceivedMail mail = inbox.awaitMessage(to("bob@example.test"));
    assertThat(mail).hasSubject("Welcome, Bob").hasHtmlBodyContaining("/confirm?token=");
  }

  /** The application under test: sends a welcome mail over SMTP. */
  record ShopApp(String smtpHost, int smtpPort) {
    void signUp(String address) {
      TestMail.to(address)
          .subject("Welcome, Bob")
          .html("<a href=\"https://shop.test/confirm?token=abc\">Confirm</a>")
          .sendTo(smtpHost, smtpPort);
    }
  }
}
