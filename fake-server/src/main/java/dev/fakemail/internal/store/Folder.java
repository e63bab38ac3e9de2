package dev.fakemail.internal.store;

import dev.fakemail.ReceivedMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A folder of a {@link Mailbox} (INBOX, and later the folders IMAP clients create): messages in
 * ascending UID order, a UIDVALIDITY fixed when the folder is created, and the next UID to give.
 * UIDs are never reused within one UIDVALIDITY, not even after the message with the highest UID is
 * expunged.
 *
 * <p>Thread-safe: every change holds the mailbox's lock and tells the {@link FolderListener}s
 * before releasing it; readers get copies.
 */
public final class Folder {
  private final ReentrantLock lock;
  private volatile String name;
  private final long uidValidity;
  private volatile String specialUse;
  private final ArrayList<MailboxMessage> messages = new ArrayList<>();
  private final List<FolderListener> listeners = new CopyOnWriteArrayList<>();
  private long uidNext = 1;
  private long firstUnclaimedRecent = 1;
  private boolean deleted;

  Folder(ReentrantLock lock, String name, long uidValidity) {
    this.lock = lock;
    this.name = name;
    this.uidValidity = uidValidity;
  }

  public String name() {
    return name;
  }

  /**
   * The RFC 6154 special-use attribute, such as {@code \\Sent}, or {@code null} for an ordinary
   * folder.
   */
  public String specialUse() {
    return specialUse;
  }

  void specialUse(String attribute) {
    this.specialUse = attribute;
  }

  void rename(String newName) {
    this.name = newName;
  }

  void markDeleted() {
    lock.lock();
    try {
      if (deleted) {
        return;
      }
      deleted = true;
      for (FolderListener l : listeners) {
        l.folderGone(this);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the folder was deleted (or cleared away with its mailbox): sessions still holding it
   * see a detached folder.
   */
  public boolean isDeleted() {
    lock.lock();
    try {
      return deleted;
    } finally {
      lock.unlock();
    }
  }

  public long uidValidity() {
    return uidValidity;
  }

  /** The UID the next appended message gets. */
  public long uidNext() {
    lock.lock();
    try {
      return uidNext;
    } finally {
      lock.unlock();
    }
  }

  /**
   * What a session selecting the folder starts from: the messages now, taken in the same atomic
   * step that adds the listener, so the listener is told about every later change and no earlier
   * one.
   */
  public Snapshot select(FolderListener listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      listeners.add(listener);
      return new Snapshot(List.copyOf(messages), uidNext);
    } finally {
      lock.unlock();
    }
  }

  /** The messages and UIDNEXT at one moment. */
  public static final class Snapshot {
    private final List<MailboxMessage> messages;
    private final long uidNext;

    Snapshot(List<MailboxMessage> messages, long uidNext) {
      this.messages = messages;
      this.uidNext = uidNext;
    }

    public List<MailboxMessage> messages() {
      return messages;
    }

    public long uidNext() {
      return uidNext;
    }
  }

  /**
   * Claims IMAP's {@code \\Recent} (RFC 3501 §2.3.2) for the messages with UIDs below {@code
   * uidLimit} that no session has claimed yet: a message is recent in exactly one session, the
   * first to see it with a read-write selection.
   *
   * @return the lowest UID claimed now; UIDs from it up to {@code uidLimit} are the caller's
   */
  public long claimRecent(long uidLimit) {
    lock.lock();
    try {
      long first = firstUnclaimedRecent;
      if (uidLimit > first) {
        firstUnclaimedRecent = uidLimit;
      }
      return first;
    } finally {
      lock.unlock();
    }
  }

  /** How many messages no session has claimed as recent yet (STATUS RECENT). */
  public int unclaimedRecent() {
    lock.lock();
    try {
      int n = 0;
      for (int i = messages.size() - 1;
          i >= 0 && messages.get(i).uid() >= firstUnclaimedRecent;
          i--) {
        n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** The messages now, in ascending UID order: a snapshot that later changes do not touch. */
  public List<MailboxMessage> messages() {
    lock.lock();
    try {
      return List.copyOf(messages);
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return messages.size();
    } finally {
      lock.unlock();
    }
  }

  /** The message with this UID, if the folder still has it. */
  public Optional<MailboxMessage> message(long uid) {
    lock.lock();
    try {
      int i = indexOf(uid);
      return i < 0 ? Optional.empty() : Optional.of(messages.get(i));
    } finally {
      lock.unlock();
    }
  }

  /** Adds a message with the next UID. */
  public MailboxMessage append(ReceivedMail mail, Flags flags, Instant internalDate) {
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(internalDate, "internalDate");
    lock.lock();
    try {
      MailboxMessage message = new MailboxMessage(uidNext++, internalDate, mail, flags);
      return add(message);
    } finally {
      lock.unlock();
    }
  }

  /** A copy of a message (same mail, date and flags, a new UID), for COPY and MOVE. */
  MailboxMessage appendCopy(MailboxMessage original) {
    lock.lock();
    try {
      return add(original.copyWithUid(uidNext++));
    } finally {
      lock.unlock();
    }
  }

  private MailboxMessage add(MailboxMessage message) {
    lock.lock();
    try {
      messages.add(message);
      for (FolderListener l : listeners) {
        l.appended(this, message);
      }
      return message;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes the messages with these UIDs that the folder still has; UIDs it no longer has (expunged
   * by another session) are skipped.
   *
   * @return the removed messages, in ascending UID order
   */
  public List<MailboxMessage> expunge(Collection<Long> uids) {
    Set<Long> doomed = new HashSet<>(uids);
    return expungeIf(m -> doomed.contains(m.uid()));
  }

  /** Removes every message matching the predicate; returns them in ascending UID order. */
  public List<MailboxMessage> expungeIf(Predicate<MailboxMessage> predicate) {
    lock.lock();
    try {
      List<MailboxMessage> removed = new ArrayList<>();
      messages.removeIf(
          m -> {
            if (predicate.test(m)) {
              removed.add(m);
              return true;
            }
            return false;
          });
      if (!removed.isEmpty()) {
        for (FolderListener l : listeners) {
          l.expunged(this, List.copyOf(removed));
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Changes a message's flags.
   *
   * @return the message, or empty if the folder no longer has it
   */
  public Optional<MailboxMessage> updateFlags(long uid, UnaryOperator<Flags> change) {
    lock.lock();
    try {
      int i = indexOf(uid);
      if (i < 0) {
        return Optional.empty();
      }
      MailboxMessage message = messages.get(i);
      Flags before = message.flags();
      Flags after = Objects.requireNonNull(change.apply(before), "flags");
      if (!after.equals(before)) {
        message.flags(after);
        for (FolderListener l : listeners) {
          l.flagsChanged(this, message, before);
        }
      }
      return Optional.of(message);
    } finally {
      lock.unlock();
    }
  }

  public void addListener(FolderListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(FolderListener listener) {
    listeners.remove(listener);
  }

  private int indexOf(long uid) {
    int lo = 0;
    int hi = messages.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long u = messages.get(mid).uid();
      if (u < uid) {
        lo = mid + 1;
      } else if (u > uid) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "Folder{" + name + ", uidValidity=" + uidValidity + ", size=" + size() + '}';
  }
}
