package dev.fakemail.internal.store;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.MailNotReceivedError;
import dev.fakemail.ReceivedMail;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** An {@link Inbox} over the in-process {@link MailStore}: all of it, or one address's share. */
public final class StoreInbox implements Inbox {
  private final MailStore store;
  private final String address; // null: the server-wide inbox
  private final Predicate<ReceivedMail> scope;
  private final Duration defaultTimeout;
  // For an address's inbox, clear() hides what arrived so far instead of deleting it: the same
  // message may also be in the inbox of another recipient, which must keep it.
  private final AtomicLong clearedUpTo = new AtomicLong();

  private StoreInbox(MailStore store, String address, Duration defaultTimeout) {
    this.store = store;
    this.address = address;
    this.scope = address == null ? m -> true : m -> m.envelope().hasRecipient(address);
    this.defaultTimeout = defaultTimeout;
  }

  /** The inbox that sees every message of the store. */
  public static StoreInbox all(MailStore store, Duration defaultTimeout) {
    return new StoreInbox(store, null, defaultTimeout);
  }

  /** The inbox that sees only messages with this address among their envelope recipients. */
  public static StoreInbox forAddress(MailStore store, String address, Duration defaultTimeout) {
    return new StoreInbox(store, Objects.requireNonNull(address, "address"), defaultTimeout);
  }

  @Override
  public String address() {
    if (address == null) {
      throw new IllegalStateException(
          "The server-wide inbox sees mail for every address and has none of its own;"
              + " use server.newInbox() for an inbox with an address");
    }
    return address;
  }

  @Override
  public List<ReceivedMail> messages() {
    return store.messagesAfter(clearedUpTo.get(), scope);
  }

  @Override
  public List<ReceivedMail> messages(MailFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return store.messagesAfter(clearedUpTo.get(), m -> scope.test(m) && filter.matches(m));
  }

  @Override
  public ReceivedMail awaitMessage(MailFilter filter) {
    return awaitMessage(filter, defaultTimeout);
  }

  @Override
  public ReceivedMail awaitMessage(MailFilter filter, Duration timeout) {
    return awaitMessages(filter, 1, timeout).get(0);
  }

  @Override
  public List<ReceivedMail> awaitMessages(MailFilter filter, int count, Duration timeout) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(timeout, "timeout");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    long after = clearedUpTo.get();
    List<ReceivedMail> found =
        store.awaitAfter(
            after,
            m -> scope.test(m) && filter.matches(m),
            count,
            saturatedNanos(timeout),
            TimeUnit.NANOSECONDS);
    if (found != null) {
      return found;
    }
    List<ReceivedMail> inScope = store.messagesAfter(after, scope);
    List<ReceivedMail> elsewhere =
        address == null ? List.of() : store.messages(m -> !scope.test(m));
    throw new MailNotReceivedError(
        NearMissReport.describe(filter, count, timeout, address, inScope, elsewhere));
  }

  @Override
  public void clear() {
    if (address == null) {
      store.clear();
    } else {
      clearedUpTo.accumulateAndGet(store.lastSequence(), Math::max);
    }
  }

  @Override
  public String toString() {
    return address == null ? "Inbox{all mail}" : "Inbox{" + address + "}";
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
