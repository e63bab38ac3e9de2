package dev.fakemail.internal.store;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.MailNotReceivedError;
import dev.fakemail.ReceivedMail;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An {@link Inbox} over the in-process {@link MailStore}: all of it, or one address's share.
 *
 * <p>An address inbox keeps no state of its own: its clear watermark lives in the store, so any
 * number of views of one address (this object, another made for the same address, the HTTP API) see
 * the same mail.
 */
public final class StoreInbox implements Inbox {
  private final MailStore store;
  private final String address; // null: the server-wide inbox
  private final Predicate<ReceivedMail> scope;
  private final Duration defaultTimeout;

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

  /** The address, or {@code null} for the server-wide inbox. */
  public String addressOrNull() {
    return address;
  }

  /** Whether a message is in this inbox's scope (ignoring the clear watermark). */
  public boolean inScope(ReceivedMail mail) {
    return scope.test(mail);
  }

  // For an address's inbox, clear() hides what arrived so far instead of deleting it: the same
  // message may also be in the inbox of another recipient, which must keep it.
  /** The sequence number up to which this inbox's clear hid mail (0 for the server-wide one). */
  public long watermark() {
    return address == null ? 0 : store.clearedUpTo(address);
  }

  @Override
  public List<ReceivedMail> messages() {
    return store.messagesAfter(watermark(), scope);
  }

  @Override
  public List<ReceivedMail> messages(MailFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return store.messagesAfter(watermark(), m -> scope.test(m) && filter.matches(m));
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
    AwaitArguments.check(filter, count, timeout);
    long after = watermark();
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
    throw new MailNotReceivedError(nearMiss(filter, count, timeout, after));
  }

  /**
   * Like {@link #awaitMessages} without blocking: see {@link MailStore#awaitAfterAsync}. Returns
   * the future and the watermark it counts from, for {@link #nearMiss} on timeout.
   */
  public PendingAwait awaitMessagesAsync(MailFilter filter, int count, Executor executor) {
    Objects.requireNonNull(filter, "filter");
    long after = watermark();
    return new PendingAwait(
        store.awaitAfterAsync(after, m -> scope.test(m) && filter.matches(m), count, executor),
        after);
  }

  /** A wait in progress: the future, and the watermark it counts messages from. */
  public static final class PendingAwait {
    private final CompletableFuture<List<ReceivedMail>> future;
    private final long after;

    PendingAwait(CompletableFuture<List<ReceivedMail>> future, long after) {
      this.future = future;
      this.after = after;
    }

    public CompletableFuture<List<ReceivedMail>> future() {
      return future;
    }

    public long after() {
      return after;
    }
  }

  /**
   * The text of {@link MailNotReceivedError} for a wait that counted messages after sequence number
   * {@code after} and timed out: the one place it is made, for every transport.
   */
  public String nearMiss(MailFilter filter, int count, Duration timeout, long after) {
    List<ReceivedMail> inScope = store.messagesAfter(after, scope);
    List<ReceivedMail> elsewhere =
        address == null ? List.of() : store.messages(m -> !scope.test(m));
    return NearMissReport.describe(filter, count, timeout, address, inScope, elsewhere);
  }

  @Override
  public SmtpBehavior smtp() {
    return address == null ? store.rules().all() : store.rules().forAddress(address);
  }

  @Override
  public List<Transcript> transcripts() {
    return address == null ? store.transcripts().list() : store.transcripts().list(address);
  }

  @Override
  public Optional<Transcript> transcript(String id) {
    Objects.requireNonNull(id, "id");
    return address == null ? store.transcripts().find(id) : store.transcripts().find(address, id);
  }

  @Override
  public void clear() {
    if (address == null) {
      store.clear();
    } else {
      store.clearFor(address);
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
