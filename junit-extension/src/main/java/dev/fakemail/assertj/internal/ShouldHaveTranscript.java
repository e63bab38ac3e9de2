package dev.fakemail.assertj.internal;

import dev.fakemail.Inbox;
import dev.fakemail.Transcript;
import java.util.List;
import java.util.Locale;
import org.assertj.core.error.ErrorMessageFactory;

/** A transcript assertion, or an inbox assertion on its transcripts, failed. Not API. */
public final class ShouldHaveTranscript extends MailErrorMessage {
  private ShouldHaveTranscript(String who, String expectation, String expected, String actual) {
    super(who, expectation, expected, actual);
  }

  private ShouldHaveTranscript(String who, String expectation, String actual) {
    super(who, expectation, actual);
  }

  /** {@code transcript s3 (smtp, REJECTED)}. */
  public static String label(Transcript t) {
    return "transcript "
        + t.id()
        + " ("
        + t.protocol().name().toLowerCase(Locale.ROOT)
        + ", "
        + t.outcome()
        + ")";
  }

  /** {@code … to contain command: "RCPT TO:<bob@x.test>" but had:} and the client lines. */
  public static ErrorMessageFactory shouldContainCommand(Transcript t, String command) {
    return new ShouldHaveTranscript(
        label(t), "contain a command starting with", quote(command), lines(t, "C: ", t.commands()));
  }

  /** {@code … not to contain command: "AUTH" but had:} and the matching client lines. */
  public static ErrorMessageFactory shouldNotContainCommand(
      Transcript t, String command, List<String> matching) {
    return new ShouldHaveTranscript(
        label(t), "contain no command starting with", quote(command), lines(t, "C: ", matching));
  }

  /** {@code … to have a reply with code: 450 but had:} and the server lines. */
  public static ErrorMessageFactory shouldHaveReply(Transcript t, int code) {
    return new ShouldHaveTranscript(
        label(t), "have a reply with code", Integer.toString(code), lines(t, "S: ", t.replies()));
  }

  /** {@code … to contain, in order, entries starting with: …} and the whole transcript. */
  public static ErrorMessageFactory shouldContainInOrder(
      Transcript t, List<String> expected, int found) {
    StringBuilder exp = new StringBuilder();
    for (int i = 0; i < expected.size(); i++) {
      if (i > 0) {
        exp.append('\n');
      }
      exp.append(i < found ? "  " : "✗ ").append(expected.get(i));
    }
    return new ShouldHaveTranscript(
        label(t), "contain, in order, entries starting with", exp.toString(), text(t));
  }

  /** {@code … to have outcome: DELIVERED but had: REJECTED} and the refusals. */
  public static ErrorMessageFactory shouldHaveOutcome(Transcript t, Transcript.Outcome outcome) {
    return new ShouldHaveTranscript(label(t), "have outcome", outcome.name(), facts(t));
  }

  /** {@code … to have fired rule: r3 but had: rules fired: [r1]}. */
  public static ErrorMessageFactory shouldHaveFiredRule(Transcript t, String ruleId) {
    return new ShouldHaveTranscript(
        label(t), "have fired rule", ruleId, "rules fired: " + t.rulesFired());
  }

  /**
   * {@code Expecting inbox <x> to have rejected mail for: bob@x.test (with code 450) but had:} and
   * each session with its refusals, or {@code no sessions}.
   */
  public static ErrorMessageFactory shouldHaveRejected(
      Inbox inbox, String recipient, int code, List<Transcript> transcripts) {
    String expected = recipient + (code == 0 ? "" : " with code " + code);
    return new ShouldHaveTranscript(
        MailText.inboxLabel(inbox),
        "have rejected mail for",
        expected,
        sessions(transcripts, "none refusing it"));
  }

  /**
   * {@code Expecting inbox <x> to have no rejected mail but had:} and the sessions that refused.
   */
  public static ErrorMessageFactory shouldHaveNoRejections(Inbox inbox, List<Transcript> refusing) {
    return new ShouldHaveTranscript(
        MailText.inboxLabel(inbox), "have no rejected mail", sessions(refusing, "refusing it"));
  }

  private static String sessions(List<Transcript> transcripts, String qualifier) {
    if (transcripts.isEmpty()) {
      return "no sessions";
    }
    StringBuilder sb =
        new StringBuilder(transcripts.size() == 1 ? "1 session" : transcripts.size() + " sessions")
            .append(", ")
            .append(qualifier)
            .append(':');
    for (Transcript t : transcripts) {
      sb.append("\n  ").append(label(t));
      if (t.refusals().isEmpty()) {
        sb.append(": no refusals");
      }
      for (Transcript.Refusal r : t.refusals()) {
        sb.append("\n    ").append(r);
      }
    }
    return sb.toString();
  }

  private static String facts(Transcript t) {
    StringBuilder sb = new StringBuilder(t.outcome().name());
    sb.append("\nmessages: ").append(t.messageIds());
    if (t.refusals().isEmpty()) {
      sb.append("\nno refusals");
    } else {
      sb.append("\nrefusals:");
      for (Transcript.Refusal r : t.refusals()) {
        sb.append("\n  ").append(r);
      }
    }
    return sb.toString();
  }

  private static String lines(Transcript t, String prefix, List<String> lines) {
    if (lines.isEmpty()) {
      return "no " + (prefix.equals("C: ") ? "commands" : "replies");
    }
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(prefix).append(line);
    }
    if (t.isTruncated()) {
      sb.append("\n(transcript truncated)");
    }
    return sb.toString();
  }

  private static String text(Transcript t) {
    String text = t.text();
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
