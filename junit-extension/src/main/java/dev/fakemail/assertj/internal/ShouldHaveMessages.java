package dev.fakemail.assertj.internal;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** An inbox assertion failed. Not API. */
public final class ShouldHaveMessages extends MailErrorMessage {
  private ShouldHaveMessages(Inbox inbox, String expectation, String expected, String actual) {
    super(MailText.inboxLabel(inbox), expectation, expected, actual);
  }

  private ShouldHaveMessages(Inbox inbox, String expectation, String actual) {
    super(MailText.inboxLabel(inbox), expectation, actual);
  }

  /** {@code Expecting inbox (all mail) to have: 2 messages but had: 3 messages:} and a table. */
  public static ErrorMessageFactory shouldHaveMessageCount(
      Inbox inbox, int expected, List<ReceivedMail> messages) {
    return new ShouldHaveMessages(
        inbox, "have", MailText.messages(expected), listing(messages, ""));
  }

  /**
   * {@code … to have no messages but had: 1 message:} and a table; with a filter, {@code to have no
   * messages matching: {to=bob@example.test} but had: 1 matching message:} and a table.
   */
  public static ErrorMessageFactory shouldHaveNoMessages(
      Inbox inbox, MailFilter filter, List<ReceivedMail> matching) {
    if (filter.isAny()) {
      return new ShouldHaveMessages(inbox, "have no messages", listing(matching, ""));
    }
    return new ShouldHaveMessages(
        inbox, "have no messages matching", filter.toString(), listing(matching, " matching"));
  }

  /**
   * {@code … to have a message matching: {…} but had: 2 messages, none matching:} and a table that
   * names the criteria each message fails, or {@code no messages}.
   */
  public static ErrorMessageFactory shouldHaveMessageMatching(
      Inbox inbox, MailFilter filter, List<ReceivedMail> messages) {
    String actual =
        messages.isEmpty()
            ? "no messages"
            : MailText.messages(messages.size())
                + ", none matching:\n"
                + MailText.table(messages, filter);
    return new ShouldHaveMessages(inbox, "have a message matching", filter.toString(), actual);
  }

  private static String listing(List<ReceivedMail> messages, String qualifier) {
    if (messages.isEmpty()) {
      return "no messages";
    }
    String count = MailText.messages(messages.size());
    if (!qualifier.isEmpty()) {
      int space = count.indexOf(' ');
      count = count.substring(0, space) + qualifier + count.substring(space);
    }
    return count + ":\n" + MailText.table(messages, null);
  }
}
