package dev.fakemail.internal.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The mailbox of one normalised address: its folders, INBOX first. One lock guards the whole
 * mailbox, so a change that touches two folders (IMAP COPY or MOVE) is atomic.
 *
 * <p>Folder names form a hierarchy with {@value #DELIMITER} as delimiter (Dovecot's default with
 * mbox-style layouts): {@code Archive/2024} is a child of {@code Archive}. Creating a folder
 * creates its missing parents; a folder with children cannot be deleted; renaming a folder renames
 * its children with it.
 */
public final class Mailbox {
  /** The one folder every mailbox has; the name is case-insensitive (RFC 9051 §5.1). */
  public static final String INBOX = "INBOX";

  /** The hierarchy delimiter of folder names. */
  public static final char DELIMITER = '/';

  /** The special-use folders (RFC 6154) made on first IMAP login: name and attribute. */
  public static final Map<String, String> SPECIAL_USE_FOLDERS;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Drafts", "\\Drafts");
    m.put("Junk", "\\Junk");
    m.put("Sent", "\\Sent");
    m.put("Trash", "\\Trash");
    SPECIAL_USE_FOLDERS = java.util.Collections.unmodifiableMap(m);
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final String address;
  private final LongSupplier uidValidities;
  private final Map<String, Folder> folders = new LinkedHashMap<>();
  private final TreeSet<String> subscriptions = new TreeSet<>();
  private final Folder inbox;
  private boolean specialUseMade;
  private volatile boolean cleared;

  Mailbox(String address, LongSupplier uidValidities) {
    this.address = address;
    this.uidValidities = uidValidities;
    this.inbox = new Folder(lock, INBOX, uidValidities.getAsLong());
    folders.put(INBOX, inbox);
  }

  /** Why a folder operation was refused; the message is fit for a client to read. */
  public static final class FolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FolderException(String message) {
      super(message);
    }
  }

  /**
   * Whether {@link Mailboxes#clear()} removed this mailbox: sessions still holding it must let go
   * (new mail goes to a new mailbox of the same address).
   */
  public boolean isCleared() {
    return cleared;
  }

  /** Marks the mailbox cleared and its folders gone, telling their listeners. */
  void clearAway() {
    lock.lock();
    try {
      cleared = true;
      for (Folder f : folders.values()) {
        f.markDeleted();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The normalised address this mailbox belongs to. */
  public String address() {
    return address;
  }

  public Folder inbox() {
    return inbox;
  }

  /** The folders, INBOX first, then sorted by name. */
  public List<Folder> folders() {
    lock.lock();
    try {
      List<Folder> all = new ArrayList<>(folders.values());
      all.sort(Comparator.comparing((Folder f) -> f != inbox).thenComparing(Folder::name));
      return List.copyOf(all);
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

  /**
   * Creates a folder and any missing parent.
   *
   * @throws FolderException if it exists or the name is not valid
   */
  public Folder create(String name) {
    String k = checkName(name);
    lock.lock();
    try {
      if (folders.containsKey(k)) {
        throw new FolderException("Mailbox already exists");
      }
      int slash = -1;
      while ((slash = k.indexOf(DELIMITER, slash + 1)) > 0) {
        folderCreatingIfMissing(k.substring(0, slash));
      }
      return folderCreatingIfMissing(k);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes a folder and its messages.
   *
   * @throws FolderException for INBOX, a missing folder or one with children
   */
  public void delete(String name) {
    String k = key(name);
    lock.lock();
    try {
      if (k.equals(INBOX)) {
        throw new FolderException("INBOX can't be deleted.");
      }
      Folder folder = folders.get(k);
      if (folder == null) {
        throw new FolderException("Mailbox doesn't exist: " + name);
      }
      if (hasChildren(k)) {
        throw new FolderException("Mailbox has children, delete them first");
      }
      folder.expungeIf(m -> true);
      folder.markDeleted();
      folders.remove(k);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Renames a folder and its children; renaming INBOX moves its messages to a new folder and leaves
   * INBOX empty (RFC 3501 §6.3.5).
   *
   * @throws FolderException if the source is missing or the target exists
   */
  public void rename(String from, String to) {
    String f = key(from);
    String t = checkName(to);
    lock.lock();
    try {
      Folder source = folders.get(f);
      if (source == null) {
        throw new FolderException("Mailbox doesn't exist: " + from);
      }
      if (folders.containsKey(t)) {
        throw new FolderException("Target mailbox already exists");
      }
      if (t.startsWith(f + DELIMITER)) {
        throw new FolderException("Can't rename mailbox under itself");
      }
      if (f.equals(INBOX)) {
        Folder target = create(t);
        for (MailboxMessage m : source.messages()) {
          target.appendCopy(m);
        }
        source.expungeIf(m -> true);
        return;
      }
      int slash = -1;
      while ((slash = t.indexOf(DELIMITER, slash + 1)) > 0) {
        folderCreatingIfMissing(t.substring(0, slash));
      }
      List<String> moving = new ArrayList<>();
      for (String name : folders.keySet()) {
        if (name.equals(f) || name.startsWith(f + DELIMITER)) {
          moving.add(name);
        }
      }
      for (String name : moving) {
        Folder folder = folders.remove(name);
        String renamed = t + name.substring(f.length());
        folder.rename(renamed);
        folders.put(renamed, folder);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a folder has children. */
  public boolean hasChildren(String name) {
    String prefix = key(name) + DELIMITER;
    lock.lock();
    try {
      for (String n : folders.keySet()) {
        if (n.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a name to the subscriptions (it need not exist, RFC 3501 §6.3.6). */
  public void subscribe(String name) {
    String k = checkName(name);
    lock.lock();
    try {
      subscriptions.add(k);
    } finally {
      lock.unlock();
    }
  }

  /** Removes a name from the subscriptions; returns whether it was subscribed. */
  public boolean unsubscribe(String name) {
    lock.lock();
    try {
      return subscriptions.remove(key(name));
    } finally {
      lock.unlock();
    }
  }

  /** The subscribed names, sorted. */
  public List<String> subscriptions() {
    lock.lock();
    try {
      return List.copyOf(subscriptions);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes the special-use folders (Drafts, Junk, Sent, Trash) and subscribes them, the first time
   * it is called: on the first IMAP login. A folder of that name made earlier gets the attribute.
   */
  public void ensureSpecialUseFolders() {
    lock.lock();
    try {
      if (specialUseMade) {
        return;
      }
      specialUseMade = true;
      subscriptions.add(INBOX);
      SPECIAL_USE_FOLDERS.forEach(
          (name, attribute) -> {
            folderCreatingIfMissing(name).specialUse(attribute);
            subscriptions.add(name);
          });
    } finally {
      lock.unlock();
    }
  }

  /**
   * Copies (or moves) messages to another folder of this mailbox in one atomic step; flags and
   * internal dates go with them. Messages the source no longer has are skipped.
   *
   * @return source UIDs and the UIDs their copies got, in the same order
   */
  public CopyResult copy(
      Folder source, List<MailboxMessage> messages, Folder target, boolean move) {
    lock.lock();
    try {
      if (target.isDeleted()) {
        throw new FolderException("Mailbox doesn't exist: " + target.name());
      }
      List<Long> from = new ArrayList<>();
      List<Long> to = new ArrayList<>();
      for (MailboxMessage m : messages) {
        Optional<MailboxMessage> current = source.message(m.uid());
        if (current.isEmpty()) {
          continue;
        }
        from.add(m.uid());
        to.add(target.appendCopy(current.get()).uid());
      }
      if (move && !from.isEmpty()) {
        source.expunge(from);
      }
      return new CopyResult(target.uidValidity(), from, to);
    } finally {
      lock.unlock();
    }
  }

  /** What {@link #copy} did: for UIDPLUS's COPYUID (RFC 4315). */
  public static final class CopyResult {
    private final long uidValidity;
    private final List<Long> sourceUids;
    private final List<Long> targetUids;

    CopyResult(long uidValidity, List<Long> sourceUids, List<Long> targetUids) {
      this.uidValidity = uidValidity;
      this.sourceUids = List.copyOf(sourceUids);
      this.targetUids = List.copyOf(targetUids);
    }

    public long uidValidity() {
      return uidValidity;
    }

    public List<Long> sourceUids() {
      return sourceUids;
    }

    public List<Long> targetUids() {
      return targetUids;
    }
  }

  private static String checkName(String name) {
    String k = key(name);
    if (k.isEmpty()
        || k.charAt(0) == DELIMITER
        || k.charAt(k.length() - 1) == DELIMITER
        || k.contains("" + DELIMITER + DELIMITER)) {
      throw new FolderException("Invalid mailbox name: " + name);
    }
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
        throw new FolderException("Invalid mailbox name: " + name);
      }
    }
    return k;
  }

  /** INBOX in any case, also as the first level of a longer name, is {@code INBOX}. */
  private static String key(String name) {
    if (name.equalsIgnoreCase(INBOX)) {
      return INBOX;
    }
    if (name.length() > INBOX.length()
        && name.charAt(INBOX.length()) == DELIMITER
        && name.regionMatches(true, 0, INBOX, 0, INBOX.length())) {
      return INBOX + name.substring(INBOX.length());
    }
    return name;
  }

  @Override
  public String toString() {
    return "Mailbox{" + address + ", folders=" + folders().size() + '}';
  }
}
