package dev.fakemail.internal.behavior;

import dev.fakemail.SmtpRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a stateful preset remembers across connections: kept with its rule's registry entry. */
abstract class PresetState {
  /** The state a rule needs, or {@code null} for a rule that keeps none. */
  static PresetState of(SmtpRule rule, Clock clock) {
    switch (rule.action()) {
      case GREYLIST:
        return new Greylist(clock, rule.minRetryDelay());
      case RATE_LIMIT_PER_MINUTE:
        return new MinuteWindow(clock, rule.limit());
      default:
        return null;
    }
  }

  /**
   * Greylisting (RFC 6647 §2.3): when each sender/recipient pair was first seen. A pair is refused
   * until {@code minRetryDelay} after its first attempt; a refused early retry does not restart the
   * clock. At most {@link #MAX_PAIRS} pairs are remembered; beyond, the oldest are forgotten (and
   * would be greylisted again).
   */
  static final class Greylist extends PresetState {
    static final int MAX_PAIRS = 100_000;

    private final Clock clock;
    private final Duration minRetryDelay;
    private final Map<String, Instant> firstSeen =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_PAIRS;
          }
        };

    Greylist(Clock clock, Duration minRetryDelay) {
      this.clock = clock;
      this.minRetryDelay = minRetryDelay;
    }

    /** Whether this attempt of the pair is refused; remembers its first attempt. */
    synchronized boolean refuses(String sender, String recipient) {
      String pair = sender.toLowerCase(Locale.ROOT) + '\u0000' + recipient.toLowerCase(Locale.ROOT);
      Instant now = clock.instant();
      Instant first = firstSeen.putIfAbsent(pair, now);
      if (first == null) {
        return true;
      }
      return Duration.between(first, now).compareTo(minRetryDelay) < 0;
    }
  }

  /**
   * The messages accepted in the last 60 seconds (a sliding window), counted from when the rule was
   * added, across connections. Only the newest {@code limit} times are kept: enough to tell whether
   * the limit is reached.
   */
  static final class MinuteWindow extends PresetState {
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Clock clock;
    private final int limit;
    private final ArrayDeque<Instant> accepted = new ArrayDeque<>();

    MinuteWindow(Clock clock, int limit) {
      this.clock = clock;
      this.limit = limit;
    }

    /** One more message was accepted now. */
    synchronized void accepted() {
      Instant now = clock.instant();
      prune(now);
      accepted.addLast(now);
      while (accepted.size() > limit) {
        accepted.removeFirst();
      }
    }

    /** Whether {@code limit} messages were accepted in the last 60 seconds. */
    synchronized boolean full() {
      prune(clock.instant());
      return accepted.size() >= limit;
    }

    private void prune(Instant now) {
      Instant oldest = now.minus(WINDOW);
      while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(oldest)) {
        accepted.removeFirst();
      }
    }
  }
}
