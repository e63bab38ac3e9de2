package dev.fakemail.internal.imap.message;

import dev.fakemail.ReceivedMail;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What IMAP needs to know about one message's content: ENVELOPE, BODY/BODYSTRUCTURE, body sections
 * and the content tests of SEARCH. Computed from the exact stored bytes, lazily; thread-safe.
 *
 * <p>Every byte the views return or write uses CRLF line endings, as IMAP requires, even when the
 * stored message has bare LF lines (a hand-typed SMTP session): sizes and offsets are those of that
 * CRLF form, which is also {@code MailboxMessage#canonicalSize()}.
 *
 * <p>CONTRACT between the IMAP protocol code (package {@code dev.fakemail.internal.imap}) and the
 * message code (this package). The signatures below are fixed; the bodies are filled in by the
 * message side.
 */
public final class ImapMessageView {
  private final ReceivedMail mail;

  public ImapMessageView(ReceivedMail mail) {
    this.mail = mail;
  }

  public ReceivedMail mail() {
    return mail;
  }

  /** The whole message in its CRLF form (RFC822, BODY[]). */
  public byte[] full() {
    throw new UnsupportedOperationException("not yet");
  }

  /** RFC822.SIZE: the length of {@link #full()}. */
  public long size() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The ENVELOPE structure (RFC 3501 §7.4.2), written as IMAP syntax from its opening to its
   * closing parenthesis: date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to,
   * message-id; sender and reply-to default to from.
   */
  public byte[] envelope() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * BODY ({@code extensible == false}) or BODYSTRUCTURE ({@code true}) (RFC 3501 §7.4.2), written
   * as IMAP syntax from the opening to the closing parenthesis.
   */
  public byte[] bodyStructure(boolean extensible) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * A body section (RFC 3501 §6.4.5 {@code BODY[section]}), before any {@code <partial>} is
   * applied; an empty array for a part that does not exist (servers answer an empty string).
   *
   * @param part the part numbers, e.g. {@code [1, 2]} for {@code 1.2}; empty for the whole message
   * @param text which text of that part
   * @param fields the field names for {@link SectionText#HEADER_FIELDS} and {@link
   *     SectionText#HEADER_FIELDS_NOT}; ignored otherwise
   */
  public byte[] section(int[] part, SectionText text, List<String> fields) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * SEARCH HEADER: whether a header of this name (ignoring case) contains the text, ignoring case,
   * after RFC 2047 decoding; an empty text matches any message with that header.
   */
  public boolean headerContains(String fieldName, String text) {
    throw new UnsupportedOperationException("not yet");
  }

  /** SEARCH BODY: whether the decoded body (all text parts) contains the text, ignoring case. */
  public boolean bodyContains(String text) {
    throw new UnsupportedOperationException("not yet");
  }

  /** SEARCH TEXT: whether the decoded headers or body contain the text, ignoring case. */
  public boolean textContains(String text) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * SEARCH SENTBEFORE/SENTON/SENTSINCE: the date of the Date header in its own time zone,
   * disregarding time and zone (RFC 3501 §6.4.4); empty when absent or unparseable.
   */
  public Optional<LocalDate> sentDate() {
    throw new UnsupportedOperationException("not yet");
  }

  /** Which text of a part a body section asks for. */
  public enum SectionText {
    /** The part's content (for the whole message: everything). */
    NONE,
    HEADER,
    HEADER_FIELDS,
    HEADER_FIELDS_NOT,
    TEXT,
    MIME
  }
}
