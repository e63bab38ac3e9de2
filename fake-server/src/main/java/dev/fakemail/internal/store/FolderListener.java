package dev.fakemail.internal.store;

import java.util.List;

/**
 * Told about every change of a {@link Folder}: for sessions that push updates to their client, such
 * as IMAP IDLE (EXISTS, EXPUNGE, FETCH FLAGS).
 *
 * <p>Called on the thread that made the change, with the mailbox's lock held, in the order the
 * changes happened. A listener must be quick and must not block: it should record the event and
 * return (a protocol session hands it to its own event loop).
 */
public interface FolderListener {
  /** A message was added; it has the highest UID so far. */
  default void appended(Folder folder, MailboxMessage message) {}

  /** Messages were removed, in ascending UID order. */
  default void expunged(Folder folder, List<MailboxMessage> messages) {}

  /**
   * A message's flags changed from {@code before} to its current {@link MailboxMessage#flags()}.
   */
  default void flagsChanged(Folder folder, MailboxMessage message, Flags before) {}

  /**
   * The folder is gone: deleted, or its mailbox was cleared away ({@link Mailboxes#clear()}). It
   * gets no more changes.
   */
  default void folderGone(Folder folder) {}
}
