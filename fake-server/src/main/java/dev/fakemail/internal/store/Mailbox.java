package dev.fakemail.internal.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The mailbox of one normalised address: its folders, INBOX first. One lock guards the whole
 * mailbox, so a change that touches two folders (a later IMAP COPY or MOVE) is atomic.
 */
public final class Mailbox {
  /** The one folder every mailbox has; the name is case-insensitive (RFC 9051 §5.1). */
  public static final String INBOX = "INBOX";

  private final ReentrantLock lock = new ReentrantLock();
  private final String address;
  private final LongSupplier uidValidities;
  private final Map<String, Folder> folders = new LinkedHashMap<>();
  private final Folder inbox;

  Mailbox(String address, LongSupplier uidValidities) {
    this.address = address;
    this.uidValidities = uidValidities;
    this.inbox = new Folder(lock, INBOX, uidValidities.getAsLong());
    folders.put(INBOX, inbox);
  }

  /** The normalised address this mailbox belongs to. */
  public String address() {
    return address;
  }

  public Folder inbox() {
    return inbox;
  }

  /** The folders, INBOX first, then in creation order. */
  public List<Folder> folders() {
    lock.lock();
    try {
      return List.copyOf(new ArrayList<>(folders.values()));
    } finally {
      lock.unlock();
    }
  }

  /** The folder with this name; {@code inbox} in any case is INBOX. */
  public Optional<Folder> folder(String name) {
    lock.lock();
    try {
      return Optional.ofNullable(folders.get(key(name)));
    } finally {
      lock.unlock();
    }
  }

  /** The folder with this name, created (with a fresh UIDVALIDITY) if missing. */
  public Folder folderCreatingIfMissing(String name) {
    lock.lock();
    try {
      return folders.computeIfAbsent(
          key(name), n -> new Folder(lock, n, uidValidities.getAsLong()));
    } finally {
      lock.unlock();
    }
  }

  private static String key(String name) {
    return name.equalsIgnoreCase(INBOX) ? INBOX : name;
  }

  @Override
  public String toString() {
    return "Mailbox{" + address + ", folders=" + folders().size() + '}';
  }
}
