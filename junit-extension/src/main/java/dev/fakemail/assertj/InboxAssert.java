package dev.fakemail.assertj;

import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveMessageCount;
import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveMessageMatching;
import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveNoMessages;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the messages an {@link Inbox} holds; get one from {@link
 * MailAssertions#assertThat(Inbox)}.
 *
 * <p>Each assertion looks at the messages present when it runs and never waits: to wait for mail,
 * use {@link Inbox#awaitMessage} first. A failure lists what the inbox held:
 *
 * <pre>
 * Expecting inbox (all mail) to have a message matching:
 *   {to=bob@example.test, subject contains "Receipt"}
 * but had:
 *   2 messages, none matching:
 *     #1 from=noreply@shop.test to=[bob@example.test]   subject="Welcome, Bob"  ✗ subject
 *     #2 from=noreply@shop.test to=[alice@example.test] subject="Receipt #41"   ✗ to
 * </pre>
 */
public class InboxAssert extends AbstractAssert<InboxAssert, Inbox> {

  /**
   * Creates the assertion; prefer {@link MailAssertions#assertThat(Inbox)}. Public (and the class
   * not final) so that AssertJ's soft assertions can proxy it.
   */
  public InboxAssert(Inbox actual) {
    super(actual, InboxAssert.class);
  }

  /** The inbox holds exactly {@code expected} messages. */
  public InboxAssert hasMessageCount(int expected) {
    if (expected < 0) {
      throw new IllegalArgumentException("The expected count must not be negative: " + expected);
    }
    isNotNull();
    List<ReceivedMail> messages = actual.messages();
    if (messages.size() != expected) {
      throwAssertionError(shouldHaveMessageCount(actual, expected, messages));
    }
    return myself;
  }

  /** The inbox holds no messages at all. */
  public InboxAssert hasNoMessages() {
    return hasNoMessages(MailFilter.any());
  }

  /** The inbox holds no message matching the filter. */
  public InboxAssert hasNoMessages(MailFilter filter) {
    Objects.requireNonNull(filter, "The filter must not be null");
    isNotNull();
    List<ReceivedMail> matching = matching(actual.messages(), filter);
    if (!matching.isEmpty()) {
      throwAssertionError(shouldHaveNoMessages(actual, filter, matching));
    }
    return myself;
  }

  /** The inbox holds at least one message matching the filter. */
  public InboxAssert hasMessageMatching(MailFilter filter) {
    Objects.requireNonNull(filter, "The filter must not be null");
    isNotNull();
    List<ReceivedMail> messages = actual.messages();
    if (matching(messages, filter).isEmpty()) {
      throwAssertionError(shouldHaveMessageMatching(actual, filter, messages));
    }
    return myself;
  }

  // One snapshot per assertion: the verdict and the listing in its message always agree.
  private static List<ReceivedMail> matching(List<ReceivedMail> messages, MailFilter filter) {
    List<ReceivedMail> matching = new ArrayList<>();
    for (ReceivedMail m : messages) {
      if (filter.matches(m)) {
        matching.add(m);
      }
    }
    return matching;
  }
}
