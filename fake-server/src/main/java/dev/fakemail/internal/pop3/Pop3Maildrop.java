package dev.fakemail.internal.pop3;

import dev.fakemail.internal.store.Flags;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.MailboxMessage;
import dev.fakemail.internal.store.Mailboxes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;

/**
 * One POP3 session's maildrop: James's {@link Mailbox} over the INBOX of one of our mailboxes, as
 * it was at login (RFC 1939 §8: message numbers and sizes stay fixed for the whole session).
 *
 * <p>There is no exclusive lock: concurrent sessions on one mailbox each see their own snapshot,
 * mail that arrives meanwhile shows up in the next session, and a message another session deleted
 * can still be read from this one's snapshot. Deletions are applied at QUIT to the messages that
 * still exist; a session that ends without QUIT deletes nothing.
 *
 * <p>UIDL ids are {@code <uidvalidity>.<uid>}: stable across sessions, never reused, and different
 * again after the mailbox is cleared and made anew.
 */
final class Pop3Maildrop implements Mailbox {
  private final String address;
  private final Folder folder; // null: the address has no mailbox yet
  private final List<MessageMetaData> metaData;
  private final Map<String, MailboxMessage> byUidl = new HashMap<>();
  private int removed;

  private Pop3Maildrop(String address, Folder folder) {
    this.address = address;
    this.folder = folder;
    List<MessageMetaData> list = new ArrayList<>();
    if (folder != null) {
      for (MailboxMessage m : folder.messages()) {
        String uidl = folder.uidValidity() + "." + m.uid();
        byUidl.put(uidl, m);
        list.add(new MessageMetaData(uidl, m.canonicalSize()));
      }
    }
    this.metaData = List.copyOf(list);
  }

  /**
   * The maildrop of the address as it is now; an address without a mailbox has an empty one (and
   * logging in does not create the mailbox).
   */
  static Pop3Maildrop open(Mailboxes mailboxes, String address) {
    return new Pop3Maildrop(address, mailboxes.find(address).map(m -> m.inbox()).orElse(null));
  }

  /** The snapshot's message with this UIDL id. */
  Optional<MailboxMessage> message(String uidl) {
    return Optional.ofNullable(byUidl.get(uidl));
  }

  /** Marks a message \Seen (after RETR), if it still exists. */
  void markSeen(MailboxMessage message) {
    if (folder != null) {
      folder.updateFlags(message.uid(), f -> f.with(Flags.SystemFlag.SEEN));
    }
  }

  /** How many messages QUIT removed (those another session had not removed first). */
  int removed() {
    return removed;
  }

  @Override
  public InputStream getMessage(String uid) throws IOException {
    MailboxMessage m = byUidl.get(uid);
    if (m == null) {
      throw new IOException("No message with UIDL " + uid + " in the maildrop of " + address);
    }
    return m.mail().rawStream();
  }

  @Override
  public List<MessageMetaData> getMessages() {
    return metaData;
  }

  @Override
  public void remove(String... uids) {
    if (folder == null || uids.length == 0) {
      return;
    }
    List<Long> doomed = new ArrayList<>(uids.length);
    for (String uidl : uids) {
      MailboxMessage m = byUidl.get(uidl);
      if (m != null) {
        doomed.add(m.uid());
      }
    }
    removed += folder.expunge(doomed).size();
  }

  @Override
  public String getIdentifier() {
    return address;
  }

  @Override
  public void close() {}
}
