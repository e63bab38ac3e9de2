package dev.fakemail.junit;

import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;

import dev.fakemail.FakeMailServer;
import dev.fakemail.Inbox;
import dev.fakemail.RegisteredRule;
import dev.fakemail.SmtpRule;
import dev.fakemail.Transcript;
import dev.fakemail.testsupport.TestMail;
import org.junit.jupiter.api.Test;

/**
 * The README's "the app retried after the 450" example, kept compiling and passing: greylisting
 * refuses the first attempt, the app under test retries, and the transcripts show both sessions.
 */
@FakeMailTest
class FailurePathReadmeExampleTest {

  @Test
  void appRetriesAfterTheGreylisting450(FakeMailServer server, Inbox inbox) {
    RegisteredRule grey = server.smtp().add(SmtpRule.greylisting());
    ReceiptApp app = new ReceiptApp(server.smtpHost(), server.smtpPort());

    app.sendReceipt("bob@example.test");

    inbox.awaitMessage(to("bob@example.test"));
    Inbox otherInbox = server.newInbox();
    assertThat(inbox).hasRejected("bob@example.test", 450);
    assertThat(otherInbox).hasNoRejections();
    assertThat(server.transcripts().get(0))
        .hasReply(450)
        .hasFiredRule(grey.id())
        .hasOutcome(Transcript.Outcome.REJECTED);
    assertThat(server.transcripts().get(1))
        .containsCommand("RCPT TO:<bob@example.test>")
        .hasOutcome(Transcript.Outcome.DELIVERED);
  }

  /** The application under test: sends a receipt, and tries once more if the server refuses. */
  record ReceiptApp(String smtpHost, int smtpPort) {
    void sendReceipt(String address) {
      TestMail mail = TestMail.to(address).subject("Your receipt").text("Thanks");
      try {
        mail.sendTo(smtpHost, smtpPort);
      } catch (IllegalStateException refused) { // TestMail wraps the MessagingException
        mail.sendTo(smtpHost, smtpPort);
      }
    }
  }
}
