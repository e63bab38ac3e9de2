package dev.fakemail.internal.store;

import dev.fakemail.ReceivedMail;
import java.util.List;

/**
 * Told about every change of the capture log ({@link MailStore}): for the HTTP API's event stream
 * and its long-poll waits.
 *
 * <p>Called on the thread that made the change, with the store's lock held, in the order the
 * changes happened. A listener must be quick and must not block: it should hand the event to its
 * own event loop and return.
 */
public interface StoreListener {
  /** A message was stored; it has the highest sequence number so far. */
  default void added(ReceivedMail mail) {}

  /**
   * Messages were removed: deleted by a filter or by id, or dropped as the oldest when the store is
   * full. In arrival order.
   */
  default void removed(List<ReceivedMail> mails) {}

  /** Every message was removed at once. */
  default void cleared() {}

  /** An address inbox was cleared ({@link MailStore#clearFor}); as given, not normalised. */
  default void inboxCleared(String address) {}
}
