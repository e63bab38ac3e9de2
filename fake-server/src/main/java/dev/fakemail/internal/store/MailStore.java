package dev.fakemail.internal.store;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The one in-memory store of a server: every accepted message once, in arrival order, with ids that
 * increase in that order and are never reused.
 *
 * <p>With {@link Mailboxes}, each message is also filed into its recipients' mailboxes (the same
 * instance, not a copy). Clearing or filtering the log never touches the mailboxes.
 *
 * <p>Thread-safe. Writers hold the lock only to append (and file; the lock order is always store,
 * then mailbox); readers copy what they need under it and evaluate filters outside it, so a slow
 * filter never stalls a protocol thread. Waiters block on a condition that is signalled on every
 * change: waiting costs nothing until mail arrives.
 */
public final class MailStore {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayList<Entry> entries = new ArrayList<>();
  private final int maxMessages;
  private final Mailboxes mailboxes; // null: capture only
  private long lastSeq;

  /**
   * A capture log alone, without mailboxes.
   *
   * @param maxMessages how many messages to keep; when full, the oldest are dropped. 0 means no
   *     limit.
   */
  public MailStore(int maxMessages) {
    this(maxMessages, null);
  }

  /**
   * A capture log that also files each message into its recipients' mailboxes.
   *
   * @param maxMessages how many messages to keep; when full, the oldest are dropped, from the log
   *     and from the mailboxes. 0 means no limit.
   */
  public MailStore(int maxMessages, Mailboxes mailboxes) {
    if (maxMessages < 0) {
      throw new IllegalArgumentException("maxMessages must be >= 0");
    }
    this.maxMessages = maxMessages;
    this.mailboxes = mailboxes;
  }

  /**
   * Stores {@code length} bytes of {@code buffer} as a new message, files it into the mailbox of
   * each envelope recipient, and then wakes every waiter: a test that has awaited a message can
   * read it by POP3 at once. The bytes are copied once, here.
   */
  public ReceivedMail add(Envelope envelope, byte[] buffer, int offset, int length) {
    ReceivedMail mail;
    lock.lock();
    try {
      long seq = ++lastSeq;
      Instant now = Instant.now();
      mail = ReceivedMail.of(Long.toString(seq), now, envelope, buffer, offset, length);
      if (mailboxes != null) {
        mailboxes.deliver(mail, envelope.recipients(), now);
      }
      entries.add(new Entry(seq, mail));
      if (maxMessages > 0 && entries.size() > maxMessages) {
        List<Entry> dropped = entries.subList(0, entries.size() - maxMessages);
        if (mailboxes != null) {
          List<ReceivedMail> mails = new ArrayList<>(dropped.size());
          dropped.forEach(e -> mails.add(e.mail));
          mailboxes.expungeEverywhere(mails);
        }
        dropped.clear();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return mail;
  }

  /** Every stored message matching the predicate, in arrival order. */
  public List<ReceivedMail> messages(Predicate<ReceivedMail> predicate) {
    return messagesAfter(0, predicate);
  }

  /**
   * The stored messages that arrived after the one with sequence number {@code afterSeq} and match
   * the predicate, in arrival order.
   */
  public List<ReceivedMail> messagesAfter(long afterSeq, Predicate<ReceivedMail> predicate) {
    List<ReceivedMail> all = snapshot(afterSeq);
    List<ReceivedMail> matching = new ArrayList<>(all.size());
    for (ReceivedMail m : all) {
      if (predicate.test(m)) {
        matching.add(m);
      }
    }
    return List.copyOf(matching);
  }

  /** The sequence number of the last message stored so far (0 before the first). */
  public long lastSequence() {
    lock.lock();
    try {
      return lastSeq;
    } finally {
      lock.unlock();
    }
  }

  /** The number of stored messages. */
  public int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }

  /** Removes every message matching the predicate. */
  public void removeIf(Predicate<ReceivedMail> predicate) {
    Set<ReceivedMail> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
    doomed.addAll(messages(predicate));
    if (doomed.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      entries.removeIf(e -> doomed.contains(e.mail));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes every message. */
  public void clear() {
    lock.lock();
    try {
      entries.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code count} messages matching the predicate have arrived (counting those already
   * stored) and returns the first {@code count} of them in arrival order; returns {@code null} on
   * timeout.
   *
   * @throws CancellationException if the thread is interrupted (its interrupt flag is set again)
   */
  public List<ReceivedMail> await(
      Predicate<ReceivedMail> predicate, int count, long timeout, TimeUnit unit) {
    return awaitAfter(0, predicate, count, timeout, unit);
  }

  /** Like {@link #await}, counting only messages after sequence number {@code afterSeq}. */
  public List<ReceivedMail> awaitAfter(
      long afterSeq, Predicate<ReceivedMail> predicate, int count, long timeout, TimeUnit unit) {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<ReceivedMail> found = new ArrayList<>(count);
    long seen = afterSeq;
    while (true) {
      List<Entry> fresh;
      lock.lock();
      try {
        fresh = entriesAfter(seen);
        while (fresh.isEmpty()) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            return null;
          }
          try {
            changed.awaitNanos(remaining);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException ce =
                new CancellationException("Interrupted while waiting for mail");
            ce.initCause(e);
            throw ce;
          }
          fresh = entriesAfter(seen);
        }
      } finally {
        lock.unlock();
      }
      for (Entry e : fresh) {
        seen = e.seq;
        if (predicate.test(e.mail)) {
          found.add(e.mail);
          if (found.size() >= count) {
            return List.copyOf(found);
          }
        }
      }
    }
  }

  private List<ReceivedMail> snapshot(long afterSeq) {
    lock.lock();
    try {
      List<Entry> after = entriesAfter(afterSeq);
      List<ReceivedMail> mails = new ArrayList<>(after.size());
      for (Entry e : after) {
        mails.add(e.mail);
      }
      return mails;
    } finally {
      lock.unlock();
    }
  }

  /** Entries with a sequence number above {@code seq}; call with the lock held. */
  private List<Entry> entriesAfter(long seq) {
    int lo = 0;
    int hi = entries.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (entries.get(mid).seq <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == entries.size() ? List.of() : new ArrayList<>(entries.subList(lo, entries.size()));
  }

  private static final class Entry {
    final long seq;
    final ReceivedMail mail;

    Entry(long seq, ReceivedMail mail) {
      this.seq = seq;
      this.mail = mail;
    }
  }
}
