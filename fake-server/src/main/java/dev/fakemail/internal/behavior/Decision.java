package dev.fakemail.internal.behavior;

import dev.fakemail.RegisteredRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the rules decided for one occurrence of a phase: how long to wait, then what to do instead
 * of (or on top of) the usual handling, and which rules fired. Immutable.
 */
public final class Decision {
  /** What the server does once the delay is over. */
  public enum Kind {
    /** Handles the command as usual (EHLO: with {@link #hidden()} and {@link #added()}). */
    PROCEED,
    /** Answers {@link #code()} {@link #text()} instead; the command has no effect. */
    REPLY,
    /** Closes the connection without a reply; the command has no effect. */
    DISCONNECT,
    /** DATA: answers 354 as usual, then closes after {@link #afterBytes()} of content. */
    DISCONNECT_AFTER_BYTES,
    /** END_OF_DATA: answers 250 as usual but stores nothing. */
    DROP
  }

  private final Kind kind;
  private final Duration delay;
  private final int code;
  private final String text;
  private final long afterBytes;
  private final Set<String> hidden;
  private final List<String> added;
  private final List<RegisteredRule> fired;

  Decision(
      Kind kind,
      Duration delay,
      int code,
      String text,
      long afterBytes,
      Set<String> hidden,
      List<String> added,
      List<RegisteredRule> fired) {
    this.kind = kind;
    this.delay = delay;
    this.code = code;
    this.text = text;
    this.afterBytes = afterBytes;
    this.hidden = Set.copyOf(hidden);
    this.added = List.copyOf(added);
    this.fired = List.copyOf(fired);
  }

  public Kind kind() {
    return kind;
  }

  /** The sum of the delays of the rules that fired; zero for none. */
  public Duration delay() {
    return delay;
  }

  /** For {@link Kind#REPLY}: the reply code. */
  public int code() {
    return code;
  }

  /** For {@link Kind#REPLY}: the text, placeholders filled in, lines separated by {@code \n}. */
  public String text() {
    return text;
  }

  /** For {@link Kind#REPLY}: whether the connection is closed after the reply (a {@code 421}). */
  public boolean closes() {
    return code == 421;
  }

  /** For {@link Kind#DISCONNECT_AFTER_BYTES}: how many bytes of content are read first. */
  public long afterBytes() {
    return afterBytes;
  }

  /** EHLO keywords to leave out (upper case). */
  public Set<String> hidden() {
    return hidden;
  }

  /** EHLO keywords to add (upper case), in the order the rules name them. */
  public List<String> added() {
    return added;
  }

  /** Snapshots of the rules that fired, in the order they were evaluated. */
  public List<RegisteredRule> fired() {
    return fired;
  }

  @Override
  public String toString() {
    return "Decision{"
        + kind
        + (delay.isZero() ? "" : " after " + delay.toMillis() + " ms")
        + (kind == Kind.REPLY ? " " + code + " " + text : "")
        + "}";
  }
}
