package dev.fakemail.internal.store;

import dev.fakemail.Envelope;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.behavior.RuleRegistry;
import dev.fakemail.internal.transcript.SessionRecorder;
import dev.fakemail.internal.transcript.TranscriptLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
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
 * change: waiting costs nothing until mail arrives. {@link #awaitAfterAsync} waits without a thread
 * at all, for callers on an event loop, and {@link StoreListener}s hear of every change.
 *
 * <p>The store also keeps each address inbox's clear watermark ({@link #clearedUpTo(String)}), so
 * that every view of one address (an {@code Inbox} object, the HTTP API) shares it.
 */
public final class MailStore {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayList<Entry> entries = new ArrayList<>();
  private final int maxMessages;
  private final Mailboxes mailboxes; // null: capture only
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  // address inbox (trimmed, lower case) -> the sequence number up to which its clear() hid mail
  private final ConcurrentHashMap<String, Long> watermarks = new ConcurrentHashMap<>();
  private final RuleRegistry rules = new RuleRegistry();
  private final TranscriptLog transcripts;
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
    this(maxMessages, mailboxes, TranscriptLog.disabled());
  }

  /**
   * A capture log that files messages into mailboxes and keeps session transcripts, cleared with
   * the mail.
   */
  public MailStore(int maxMessages, Mailboxes mailboxes, TranscriptLog transcripts) {
    this.transcripts = Objects.requireNonNull(transcripts, "transcripts");
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
    return add(envelope, buffer, offset, length, null);
  }

  /**
   * Like {@link #add(Envelope, byte[], int, int)}, for a message of a recorded session: the
   * recorder hears of the message's id, and the message links to the session as recorded up to then
   * ({@link ReceivedMail#transcript()}).
   */
  public ReceivedMail add(
      Envelope envelope, byte[] buffer, int offset, int length, SessionRecorder recorder) {
    ReceivedMail mail;
    lock.lock();
    try {
      long seq = ++lastSeq;
      Instant now = Instant.now();
      mail = ReceivedMail.of(Long.toString(seq), now, envelope, buffer, offset, length);
      if (recorder != null) {
        mail = mail.withTranscript(recorder.messageStored(mail.id()));
      }
      if (mailboxes != null) {
        mailboxes.deliver(mail, envelope.recipients(), now);
      }
      entries.add(new Entry(seq, mail));
      List<ReceivedMail> droppedMails = List.of();
      if (maxMessages > 0 && entries.size() > maxMessages) {
        List<Entry> dropped = entries.subList(0, entries.size() - maxMessages);
        droppedMails = new ArrayList<>(dropped.size());
        for (Entry e : dropped) {
          droppedMails.add(e.mail);
        }
        if (mailboxes != null) {
          mailboxes.expungeEverywhere(droppedMails);
        }
        dropped.clear();
      }
      changed.signalAll();
      if (!droppedMails.isEmpty()) {
        List<ReceivedMail> gone = List.copyOf(droppedMails);
        listeners.forEach(l -> l.removed(gone));
      }
      ReceivedMail added = mail;
      listeners.forEach(l -> l.added(added));
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

  /**
   * Removes every message matching the predicate.
   *
   * @return the removed messages, in arrival order
   */
  public List<ReceivedMail> removeIf(Predicate<ReceivedMail> predicate) {
    Set<ReceivedMail> doomed = Collections.newSetFromMap(new IdentityHashMap<>());
    doomed.addAll(messages(predicate));
    if (doomed.isEmpty()) {
      return List.of();
    }
    lock.lock();
    try {
      List<ReceivedMail> removed = new ArrayList<>(doomed.size());
      entries.removeIf(
          e -> {
            if (doomed.contains(e.mail)) {
              removed.add(e.mail);
              return true;
            }
            return false;
          });
      changed.signalAll();
      if (!removed.isEmpty()) {
        List<ReceivedMail> gone = List.copyOf(removed);
        listeners.forEach(l -> l.removed(gone));
      }
      return List.copyOf(removed);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes every message.
   *
   * @return how many messages were removed
   */
  public int clear() {
    lock.lock();
    try {
      int size = entries.size();
      entries.clear();
      rules.clear();
      transcripts.clear();
      changed.signalAll();
      listeners.forEach(StoreListener::cleared);
      return size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The SMTP rules of the server: kept with the mail because they are cleared with it ({@link
   * #clear()} removes every rule, {@link #clearFor(String)} an inbox's).
   */
  public RuleRegistry rules() {
    return rules;
  }

  /** The session transcripts, cleared with the mail. */
  public TranscriptLog transcripts() {
    return transcripts;
  }

  /** The stored message with this id, if the store still has it. */
  public Optional<ReceivedMail> find(String id) {
    long seq;
    try {
      seq = Long.parseLong(id);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    lock.lock();
    try {
      List<Entry> after = entriesAfter(seq - 1);
      if (!after.isEmpty() && after.get(0).seq == seq) {
        return Optional.of(after.get(0).mail);
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Starts telling the listener about every change; see {@link StoreListener}. */
  public void addListener(StoreListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(StoreListener listener) {
    listeners.remove(listener);
  }

  /** How many listeners (event streams, thread-less waits) are registered: for diagnostics. */
  public int listenerCount() {
    return listeners.size();
  }

  /**
   * The sequence number up to which {@link #clearFor(String)} hid the mail of an address inbox; 0
   * if it was never cleared. Addresses compare ignoring case.
   */
  public long clearedUpTo(String address) {
    return watermarks.getOrDefault(key(address), 0L);
  }

  /**
   * Hides the mail an address inbox sees so far from every view of that inbox, without deleting it:
   * the same message may be in the inbox of another recipient, which must keep it.
   */
  public void clearFor(String address) {
    lock.lock();
    try {
      watermarks.merge(key(address), lastSeq, Math::max);
      rules.clearFor(address);
      transcripts.clearFor(address);
      listeners.forEach(l -> l.inboxCleared(address));
    } finally {
      lock.unlock();
    }
  }

  private static String key(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
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

  /**
   * Like {@link #awaitAfter}, without blocking a thread: the future completes with the first {@code
   * count} matching messages after sequence number {@code afterSeq} as soon as they have arrived.
   * The predicate runs on {@code executor} (an event loop), never under the store's lock and never
   * on the thread that stores a message. The caller times the wait out by completing or cancelling
   * the future (for instance when its connection closes); either way the store forgets the waiter
   * at once.
   */
  public CompletableFuture<List<ReceivedMail>> awaitAfterAsync(
      long afterSeq, Predicate<ReceivedMail> predicate, int count, Executor executor) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    AsyncWaiter waiter = new AsyncWaiter(predicate, count, executor);
    lock.lock();
    try {
      List<Entry> existing = entriesAfter(afterSeq);
      List<ReceivedMail> mails = new ArrayList<>(existing.size());
      existing.forEach(e -> mails.add(e.mail));
      listeners.add(waiter);
      // queued under the lock: every later arrival is queued after these
      executor.execute(() -> waiter.offer(mails));
    } finally {
      lock.unlock();
    }
    waiter.future.whenComplete((r, e) -> listeners.remove(waiter));
    return waiter.future;
  }

  /** One thread-less wait: hears of arrivals and tests them on its executor. */
  private static final class AsyncWaiter implements StoreListener {
    final CompletableFuture<List<ReceivedMail>> future = new CompletableFuture<>();
    private final Predicate<ReceivedMail> predicate;
    private final int count;
    private final Executor executor;
    private final List<ReceivedMail> found = new ArrayList<>(); // touched on the executor only

    AsyncWaiter(Predicate<ReceivedMail> predicate, int count, Executor executor) {
      this.predicate = predicate;
      this.count = count;
      this.executor = executor;
    }

    @Override
    public void added(ReceivedMail mail) {
      executor.execute(() -> offer(List.of(mail)));
    }

    void offer(List<ReceivedMail> mails) {
      for (ReceivedMail m : mails) {
        if (future.isDone()) {
          return;
        }
        if (predicate.test(m)) {
          found.add(m);
          if (found.size() >= count) {
            future.complete(List.copyOf(found));
            return;
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
