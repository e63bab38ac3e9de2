package dev.fakemail.assertj;

import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldContainCommand;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldContainInOrder;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldHaveFiredRule;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldHaveOutcome;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldHaveReply;
import static dev.fakemail.assertj.internal.ShouldHaveTranscript.shouldNotContainCommand;

import dev.fakemail.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a session {@link Transcript}; get one from {@link
 * MailAssertions#assertThat(Transcript)}.
 *
 * <pre>{@code
 * Transcript session = inbox.transcripts().get(0);
 * assertThat(session)
 *     .containsCommand("STARTTLS")
 *     .hasReply(450)
 *     .containsInOrder("C: RCPT TO:<bob@example.test>", "S: 450", "C: RCPT TO:<bob@example.test>")
 *     .hasOutcome(Transcript.Outcome.DELIVERED);
 * }</pre>
 *
 * <p>A transcript is a snapshot: assert on the one a listing returned, not on a session that is
 * still going on. Commands compare ignoring case; a failure shows the lines of the transcript.
 */
public class TranscriptAssert extends AbstractAssert<TranscriptAssert, Transcript> {

  /**
   * Creates the assertion; prefer {@link MailAssertions#assertThat(Transcript)}. Public (and the
   * class not final) so that AssertJ's soft assertions can proxy it.
   */
  public TranscriptAssert(Transcript actual) {
    super(actual, TranscriptAssert.class);
  }

  /**
   * The client sent a line starting with {@code command}, ignoring case: {@code "STARTTLS"}, {@code
   * "RCPT TO:<bob@example.test>"}, {@code "AUTH PLAIN"}.
   */
  public TranscriptAssert containsCommand(String command) {
    Objects.requireNonNull(command, "The command must not be null");
    isNotNull();
    if (matching(actual.commands(), command).isEmpty()) {
      throwAssertionError(shouldContainCommand(actual, command));
    }
    return myself;
  }

  /** The client sent no line starting with {@code command}, ignoring case. */
  public TranscriptAssert doesNotContainCommand(String command) {
    Objects.requireNonNull(command, "The command must not be null");
    isNotNull();
    List<String> matching = matching(actual.commands(), command);
    if (!matching.isEmpty()) {
      throwAssertionError(shouldNotContainCommand(actual, command, matching));
    }
    return myself;
  }

  /** The server sent a reply line with this code ({@code 250}, {@code 450}…). */
  public TranscriptAssert hasReply(int code) {
    isNotNull();
    String prefix = Integer.toString(code);
    for (String reply : actual.replies()) {
      if (reply.startsWith(prefix)
          && (reply.length() == prefix.length()
              || reply.charAt(prefix.length()) == ' '
              || reply.charAt(prefix.length()) == '-')) {
        return myself;
      }
    }
    throwAssertionError(shouldHaveReply(actual, code));
    return myself;
  }

  /**
   * The transcript has entries starting with these texts in this order, others in between allowed.
   * Each text is an entry as {@link Transcript.Entry#toString()} writes it: {@code "C: RCPT
   * TO:<bob@example.test>"}, {@code "S: 450"}, {@code "* rule r1 fired"}; compared ignoring case.
   * For "the client retried after the 450": {@code containsInOrder("S: 450", "C: RCPT
   * TO:<bob@example.test>")}.
   */
  public TranscriptAssert containsInOrder(String... entries) {
    Objects.requireNonNull(entries, "The entries must not be null");
    if (entries.length == 0) {
      throw new IllegalArgumentException("Give at least one entry");
    }
    isNotNull();
    int found = 0;
    for (Transcript.Entry e : actual.entries()) {
      if (found < entries.length && startsWithIgnoringCase(e.toString(), entries[found])) {
        found++;
      }
    }
    if (found < entries.length) {
      throwAssertionError(shouldContainInOrder(actual, List.of(entries), found));
    }
    return myself;
  }

  /** The session has this {@link Transcript#outcome()}. */
  public TranscriptAssert hasOutcome(Transcript.Outcome outcome) {
    Objects.requireNonNull(outcome, "The outcome must not be null");
    isNotNull();
    if (actual.outcome() != outcome) {
      throwAssertionError(shouldHaveOutcome(actual, outcome));
    }
    return myself;
  }

  /** The SMTP rule with this id fired in the session ({@link Transcript#rulesFired()}). */
  public TranscriptAssert hasFiredRule(String ruleId) {
    Objects.requireNonNull(ruleId, "The rule id must not be null");
    isNotNull();
    if (!actual.rulesFired().contains(ruleId)) {
      throwAssertionError(shouldHaveFiredRule(actual, ruleId));
    }
    return myself;
  }

  private static List<String> matching(List<String> lines, String prefix) {
    List<String> matching = new ArrayList<>();
    for (String line : lines) {
      if (startsWithIgnoringCase(line, prefix)) {
        matching.add(line);
      }
    }
    return matching;
  }

  private static boolean startsWithIgnoringCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
