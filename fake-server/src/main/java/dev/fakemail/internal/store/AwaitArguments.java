package dev.fakemail.internal.store;

import dev.fakemail.MailFilter;
import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of {@code Inbox.awaitMessages}, shared by every {@code Inbox} implementation
 * (embedded and over HTTP) so that both refuse the same calls with the same words.
 */
public final class AwaitArguments {
  private AwaitArguments() {}

  /** Throws what {@code Inbox.awaitMessages(filter, count, timeout)} throws for bad arguments. */
  public static void check(MailFilter filter, int count, Duration timeout) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(timeout, "timeout");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
  }
}
