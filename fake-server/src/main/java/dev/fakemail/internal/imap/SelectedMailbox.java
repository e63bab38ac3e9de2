package dev.fakemail.internal.imap;

import dev.fakemail.internal.imap.message.ImapMessageView;
import dev.fakemail.internal.imap.protocol.ImapWriter;
import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.FolderListener;
import dev.fakemail.internal.store.MailboxMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One session's view of its selected folder: the messages in the order of their sequence numbers as
 * this session last told its client (RFC 3501 §2.3.1.2), which messages are {@code \Recent} here,
 * and the folder changes not yet reported.
 *
 * <p>The folder tells this view about every change on whatever thread made it; the view queues the
 * change and asks the session to wake up. The session reports queued changes as untagged EXISTS,
 * RECENT, EXPUNGE and FETCH FLAGS responses at the points the RFC allows ({@link #report}), and
 * only then updates the sequence numbers, so they always match what the client was told. A message
 * expunged elsewhere stays readable here (its content never changes) until it is reported.
 *
 * <p>Everything except the listener methods runs on the session's event loop.
 */
final class SelectedMailbox implements FolderListener {
  private static final class FlagsChanged {
    final MailboxMessage message;

    FlagsChanged(MailboxMessage message) {
      this.message = message;
    }
  }

  private static final class Expunged {
    final List<MailboxMessage> messages;

    Expunged(List<MailboxMessage> messages) {
      this.messages = messages;
    }
  }

  private final Folder folder;
  private final boolean readOnly;
  private final Runnable wake;
  private final ArrayList<MailboxMessage> view;
  private final Set<Long> recent = new HashSet<>();
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final List<Expunged> deferred = new ArrayList<>();
  private final Thread owner;
  private boolean existsPending;
  private volatile boolean ownChange;
  private volatile boolean gone;

  /** Selects the folder: takes the snapshot and starts listening in one atomic step. */
  SelectedMailbox(Folder folder, boolean readOnly, Runnable wake, Thread owner) {
    this.folder = folder;
    this.readOnly = readOnly;
    this.wake = wake;
    this.owner = owner;
    Folder.Snapshot snapshot = folder.select(this);
    this.view = new ArrayList<>(snapshot.messages());
    if (!readOnly) {
      long first = folder.claimRecent(snapshot.uidNext());
      for (MailboxMessage m : view) {
        if (m.uid() >= first) {
          recent.add(m.uid());
        }
      }
    }
  }

  Folder folder() {
    return folder;
  }

  boolean readOnly() {
    return readOnly;
  }

  void close() {
    folder.removeListener(this);
  }

  int count() {
    return view.size();
  }

  int recentCount() {
    return recent.size();
  }

  /** The message with this sequence number (1-based). */
  MailboxMessage at(int msn) {
    return view.get(msn - 1);
  }

  List<MailboxMessage> messages() {
    return view;
  }

  boolean isRecent(MailboxMessage m) {
    return recent.contains(m.uid());
  }

  /** The highest UID in the view, 0 when empty. */
  long maxUid() {
    return view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
  }

  /** The sequence number of a UID, or -1 if the view does not have it. */
  int msn(long uid) {
    int lo = 0;
    int hi = view.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long u = view.get(mid).uid();
      if (u < uid) {
        lo = mid + 1;
      } else if (u > uid) {
        hi = mid - 1;
      } else {
        return mid + 1;
      }
    }
    return -1;
  }

  /** The index of the first message with a UID of at least {@code uid}. */
  int firstIndexAtLeast(long uid) {
    int lo = 0;
    int hi = view.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (view.get(mid).uid() < uid) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static ImapMessageView view(MailboxMessage m) {
    return m.derived(ImapMessageView.class, ImapMessageView::new);
  }

  /** {@code (\Seen \Recent)}: the message's flags now, with this session's \Recent. */
  String flags(MailboxMessage m) {
    return flags(m.flags(), isRecent(m));
  }

  static String flags(Flags flags, boolean recent) {
    StringBuilder sb = new StringBuilder("(");
    for (String name : flags.names()) {
      if (sb.length() > 1) {
        sb.append(' ');
      }
      sb.append(name);
    }
    if (recent) {
      sb.append(sb.length() > 1 ? " " : "").append("\\Recent");
    }
    return sb.append(')').toString();
  }

  /**
   * Runs a change this session makes to flags: the change is not queued as a report, since the
   * command itself answers with the new flags.
   */
  void ownFlagChange(Runnable change) {
    ownChange = true;
    try {
      change.run();
    } finally {
      ownChange = false;
    }
  }

  // --- FolderListener: any thread, the mailbox lock held ---

  @Override
  public void appended(Folder f, MailboxMessage message) {
    events.add(message);
    wake.run();
  }

  @Override
  public void expunged(Folder f, List<MailboxMessage> messages) {
    events.add(new Expunged(messages));
    wake.run();
  }

  @Override
  public void flagsChanged(Folder f, MailboxMessage message, Flags before) {
    if (ownChange && Thread.currentThread() == owner) {
      return;
    }
    events.add(new FlagsChanged(message));
    wake.run();
  }

  @Override
  public void folderGone(Folder f) {
    gone = true;
    wake.run();
  }

  /** Whether the folder was deleted or its mailbox cleared away: the session must end. */
  boolean gone() {
    return gone;
  }

  /** Whether changes wait to be reported. */
  boolean hasEvents() {
    return !events.isEmpty() || (!deferred.isEmpty());
  }

  /**
   * Reports the queued changes as untagged responses and brings the sequence numbers up to date.
   *
   * @param expungeAllowed false while answering FETCH, STORE or SEARCH (RFC 3501 §7.4.1): EXPUNGE
   *     responses then wait, and the expunged messages keep their sequence numbers
   */
  void report(ImapWriter out, boolean expungeAllowed) {
    if (expungeAllowed) {
      for (Expunged e : deferred) {
        expunge(out, e.messages);
      }
      deferred.clear();
    }
    Object e;
    while ((e = events.poll()) != null) {
      if (e instanceof MailboxMessage) {
        MailboxMessage m = (MailboxMessage) e;
        view.add(m);
        existsPending = true;
        if (!readOnly && folder.claimRecent(m.uid() + 1) <= m.uid()) {
          recent.add(m.uid());
        }
      } else if (e instanceof Expunged) {
        if (expungeAllowed) {
          expunge(out, ((Expunged) e).messages);
        } else {
          deferred.add((Expunged) e);
        }
      } else {
        MailboxMessage m = ((FlagsChanged) e).message;
        int msn = msn(m.uid());
        if (msn > 0) {
          exists(out);
          out.ascii("* ").number(msn).ascii(" FETCH (FLAGS ").ascii(flags(m)).ascii(")").crlf();
        }
      }
    }
    exists(out);
  }

  /** Writes EXISTS and RECENT for messages added to the view and not yet announced. */
  private void exists(ImapWriter out) {
    if (existsPending) {
      existsPending = false;
      out.ascii("* ").number(view.size()).ascii(" EXISTS").crlf();
      out.ascii("* ").number(recent.size()).ascii(" RECENT").crlf();
    }
  }

  private void expunge(ImapWriter out, List<MailboxMessage> messages) {
    exists(out);
    Set<Long> doomed = new HashSet<>();
    int removed = 0;
    for (MailboxMessage m : messages) {
      int msn = msn(m.uid());
      if (msn > 0) {
        // ascending UIDs: each earlier removal moved this message down by one
        out.ascii("* ").number(msn - removed).ascii(" EXPUNGE").crlf();
        doomed.add(m.uid());
        removed++;
      }
    }
    if (removed == 1) {
      view.remove(msn(doomed.iterator().next()) - 1);
    } else if (removed > 1) {
      view.removeIf(m -> doomed.contains(m.uid()));
    }
    recent.removeAll(doomed);
  }
}
