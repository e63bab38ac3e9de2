package dev.fakemail.assertj;

import static dev.fakemail.MailFilter.subject;
import static dev.fakemail.MailFilter.subjectContains;
import static dev.fakemail.MailFilter.to;
import static dev.fakemail.assertj.MailAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.junit.FakeMailExtension;
import dev.fakemail.testsupport.TestMail;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InboxAssert} on mail sent with Angus Mail to a real server, one server per test so that
 * message ids (and so the columns of the tables) are known; failure messages checked verbatim.
 */
class InboxAssertTest {
  @RegisterExtension final FakeMailExtension mail = FakeMailExtension.create();

  private void sendThree() {
    TestMail.to("bob@example.test").subject("Welcome, Bob").sendTo(mail.server());
    TestMail.to("alice@example.test").subject("Receipt #41").sendTo(mail.server());
    TestMail.to("bob@example.test", "carol@example.test")
        .from("billing@shop.test")
        .subject("Invoice")
        .sendTo(mail.server());
    mail.inbox().awaitMessages(MailFilter.any(), 3, Duration.ofSeconds(5));
  }

  @Test
  void hasMessageCount() {
    assertThat(mail.inbox()).hasMessageCount(0);
    sendThree();
    assertThat(mail.inbox()).hasMessageCount(3);

    assertThatThrownBy(() -> assertThat(mail.inbox()).hasMessageCount(2))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting inbox (all mail) to have:%n"
                    + "  2 messages%n"
                    + "but had:%n"
                    + "  3 messages:%n"
                    + "    #1 from=noreply@shop.test to=[bob@example.test]                     "
                    + "subject=\"Welcome, Bob\"%n"
                    + "    #2 from=noreply@shop.test to=[alice@example.test]                   "
                    + "subject=\"Receipt #41\"%n"
                    + "    #3 from=billing@shop.test to=[bob@example.test, carol@example.test] "
                    + "subject=\"Invoice\""));
  }

  @Test
  void hasMessageCountOfAnInboxWithAnAddress() {
    sendThree();
    Inbox own = mail.server().newInbox();

    assertThatThrownBy(() -> assertThat(own).hasMessageCount(1))
        .hasMessage(
            "%nExpecting inbox <%s> to have:%n" + "  1 message%n" + "but had:%n" + "  no messages",
            own.address());
  }

  @Test
  void hasNoMessages() {
    assertThat(mail.inbox()).hasNoMessages();
    TestMail.to("bob@example.test").subject("Welcome, Bob").sendTo(mail.server());
    mail.inbox().awaitMessage();

    assertThatThrownBy(() -> assertThat(mail.inbox()).hasNoMessages())
        .hasMessage(
            String.format(
                "%nExpecting inbox (all mail) to have no messages%n"
                    + "but had:%n"
                    + "  1 message:%n"
                    + "    #1 from=noreply@shop.test to=[bob@example.test] subject=\"Welcome, Bob\""));
  }

  @Test
  void hasNoMessagesMatching() {
    sendThree();
    assertThat(mail.inbox()).hasNoMessages(to("dave@example.test"));

    assertThatThrownBy(() -> assertThat(mail.inbox()).hasNoMessages(to("bob@example.test")))
        .hasMessage(
            String.format(
                "%nExpecting inbox (all mail) to have no messages matching:%n"
                    + "  {to=bob@example.test}%n"
                    + "but had:%n"
                    + "  2 matching messages:%n"
                    + "    #1 from=noreply@shop.test to=[bob@example.test]                     "
                    + "subject=\"Welcome, Bob\"%n"
                    + "    #3 from=billing@shop.test to=[bob@example.test, carol@example.test] "
                    + "subject=\"Invoice\""));
  }

  @Test
  void hasMessageMatching() {
    sendThree();
    assertThat(mail.inbox())
        .hasMessageMatching(to("alice@example.test"))
        .hasMessageMatching(to("bob@example.test").and(subject("Invoice")));

    MailFilter receiptForBob = to("bob@example.test").and(subjectContains("Receipt"));
    assertThatThrownBy(() -> assertThat(mail.inbox()).hasMessageMatching(receiptForBob))
        .hasMessage(
            String.format(
                "%nExpecting inbox (all mail) to have a message matching:%n"
                    + "  {to=bob@example.test, subject contains \"Receipt\"}%n"
                    + "but had:%n"
                    + "  3 messages, none matching:%n"
                    + "    #1 from=noreply@shop.test to=[bob@example.test]                     "
                    + "subject=\"Welcome, Bob\"  ✗ subject%n"
                    + "    #2 from=noreply@shop.test to=[alice@example.test]                   "
                    + "subject=\"Receipt #41\"   ✗ to%n"
                    + "    #3 from=billing@shop.test to=[bob@example.test, carol@example.test] "
                    + "subject=\"Invoice\"       ✗ subject"));
  }

  @Test
  void hasMessageMatchingInAnEmptyInbox() {
    assertThatThrownBy(() -> assertThat(mail.inbox()).hasMessageMatching(MailFilter.any()))
        .hasMessage(
            String.format(
                "%nExpecting inbox (all mail) to have a message matching:%n"
                    + "  {any message}%n"
                    + "but had:%n"
                    + "  no messages"));
  }

  @Test
  void longTablesKeepTheNearestMisses() {
    // #1 and #2 miss one criterion, #3 to #22 miss both: #3 and #4 are the ones left out.
    TestMail.to("bob@example.test").subject("Near 1").sendTo(mail.server());
    TestMail.to("bob@example.test").subject("Near 2").sendTo(mail.server());
    for (int i = 3; i <= 22; i++) {
      TestMail.to("x@example.test").subject("Far " + i).sendTo(mail.server());
    }
    mail.inbox().awaitMessages(MailFilter.any(), 22, Duration.ofSeconds(10));

    assertThatThrownBy(
            () ->
                assertThat(mail.inbox())
                    .hasMessageMatching(to("bob@example.test").and(subject("Receipt"))))
        .message()
        .contains("  22 messages, none matching:")
        .contains("    #1 from=", "    #2 from=", "    #5 from=", "    #22 from=")
        .doesNotContain("#3 from=", "#4 from=")
        .endsWith(String.format("✗ to, subject%n    … and 2 more messages"));
  }

  @Test
  void assertionsLookAtTheMailPresentNowAndNeverWait() {
    Inbox own = mail.server().newInbox();
    assertThat(own).hasNoMessages();

    TestMail.to(own.address()).subject("Later").sendTo(mail.server());
    own.awaitMessage(subject("Later"));
    assertThat(own).hasMessageCount(1).hasMessageMatching(subject("Later"));
  }

  @Test
  void nullInboxAndBadArguments() {
    assertThatThrownBy(() -> assertThat((Inbox) null).hasMessageCount(0))
        .hasMessage(String.format("%nExpecting actual not to be null"));
    assertThatThrownBy(() -> assertThat(mail.inbox()).hasMessageCount(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The expected count must not be negative: -1");
    assertThatThrownBy(() -> assertThat(mail.inbox()).hasNoMessages(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("The filter must not be null");
  }
}
