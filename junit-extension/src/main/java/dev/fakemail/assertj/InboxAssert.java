package dev.fakemail.assertj;

import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveMessageCount;
import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveMessageMatching;
import static dev.fakemail.assertj.internal.ShouldHaveMessages.shouldHaveNoMessages;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldHaveNoRejections;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldHaveRejected;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.ReceivedMail;
import dev.fakemail.Transcript;
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

  /**
   * A session of this inbox ({@link Inbox#transcripts()}) refused mail for {@code recipient}: a
   * 4xx/5xx reply to its {@code RCPT TO}, or to the {@code DATA} or end of data of a transaction
   * that had it (see {@link Transcript.Refusal#recipients()}). Addresses compare ignoring case.
   */
  public InboxAssert hasRejected(String recipient) {
    return hasRejected(recipient, 0);
  }

  /** Like {@link #hasRejected(String)}, with this reply code ({@code 450}, {@code 550}…). */
  public InboxAssert hasRejected(String recipient, int code) {
    Objects.requireNonNull(recipient, "The recipient must not be null");
    isNotNull();
    List<Transcript> transcripts = actual.transcripts();
    for (Transcript t : transcripts) {
      for (Transcript.Refusal r : t.refusals()) {
        if ((code == 0 || r.code() == code)
            && r.recipients().stream().anyMatch(a -> a.equalsIgnoreCase(recipient.trim()))) {
          return myself;
        }
      }
    }
    throwAssertionError(shouldHaveRejected(actual, recipient, code, transcripts));
    return myself;
  }

  /**
   * No mail for this inbox's address was refused ({@link #hasRejected(String)} of it fails); for
   * the server-wide {@link dev.fakemail.FakeMailServer#inbox()}, no session had any command
   * refused. Refusals of other recipients in a session shared with this inbox do not count.
   */
  public InboxAssert hasNoRejections() {
    isNotNull();
    String address = addressOrNull(actual);
    List<Transcript> refusing = new ArrayList<>();
    for (Transcript t : actual.transcripts()) {
      for (Transcript.Refusal r : t.refusals()) {
        if (address == null || r.recipients().stream().anyMatch(a -> a.equalsIgnoreCase(address))) {
          refusing.add(t);
          break;
        }
      }
    }
    if (!refusing.isEmpty()) {
      throwAssertionError(shouldHaveNoRejections(actual, refusing));
    }
    return myself;
  }

  private static String addressOrNull(Inbox inbox) {
    try {
      return inbox.address();
    } catch (IllegalStateException serverWide) {
      return null;
    }
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
