package dev.fakemail.internal.store;

import dev.fakemail.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * One message in one folder: its UID, internal date and flags, and the {@link ReceivedMail} it
 * shows. The mail is shared, never copied: the same instance sits in the capture log and in every
 * recipient's mailbox.
 *
 * <p>UID, date and mail never change; the flags change under the mailbox's lock and are read
 * without it.
 */
public final class MailboxMessage {
  private final long uid;
  private final Instant internalDate;
  private final ReceivedMail mail;
  private volatile Flags flags;
  private volatile long canonicalSize = -1;
  private volatile Object derived;

  MailboxMessage(long uid, Instant internalDate, ReceivedMail mail, Flags flags) {
    this.uid = uid;
    this.internalDate = internalDate;
    this.mail = mail;
    this.flags = flags;
  }

  MailboxMessage copyWithUid(long newUid) {
    MailboxMessage copy = new MailboxMessage(newUid, internalDate, mail, flags);
    copy.canonicalSize = canonicalSize;
    copy.derived = derived;
    return copy;
  }

  /**
   * An object a protocol derives from the mail and keeps beside it, such as IMAP's message view
   * (which caches the wire size and the parsed structure): made on first ask, then shared by every
   * session, and handed on to copies of the message. One kind per message: a second kind replaces
   * the first.
   */
  public <T> T derived(Class<T> type, Function<ReceivedMail, T> make) {
    Object d = derived;
    if (type.isInstance(d)) {
      return type.cast(d);
    }
    T made = make.apply(mail);
    derived = made;
    return made;
  }

  /** The UID, unique within the folder's UIDVALIDITY and ascending in arrival order. */
  public long uid() {
    return uid;
  }

  /** When the message arrived in the folder (IMAP's INTERNALDATE). */
  public Instant internalDate() {
    return internalDate;
  }

  public ReceivedMail mail() {
    return mail;
  }

  public Flags flags() {
    return flags;
  }

  void flags(Flags flags) {
    this.flags = flags;
  }

  /**
   * The size of the message with every line ending a CRLF, as POP3 LIST and IMAP RFC822.SIZE count
   * it: the stored size plus one for each bare LF, plus the line ending the wire form adds to a
   * last line without one. Computed once.
   */
  public long canonicalSize() {
    long size = canonicalSize;
    if (size < 0) {
      size = canonicalSize(mail);
      canonicalSize = size;
    }
    return size;
  }

  /** {@link #canonicalSize()} of any message. */
  public static long canonicalSize(ReceivedMail mail) {
    long size = 0;
    int previous = -1;
    byte[] buffer = new byte[8192];
    try (InputStream in = mail.rawStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buffer[i];
          if (b == '\n' && previous != '\r') {
            size++;
          }
          size++;
          previous = b;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not throw
    }
    if (previous == '\r') {
      size += 1;
    } else if (previous != '\n' && previous != -1) {
      size += 2;
    }
    return size;
  }

  @Override
  public String toString() {
    return "MailboxMessage{uid=" + uid + ", flags=" + flags + ", mail=" + mail.id() + '}';
  }
}
