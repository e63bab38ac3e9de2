package dev.fakemail.internal.imap.message;

import dev.fakemail.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What IMAP needs to know about one message's content: ENVELOPE, BODY/BODYSTRUCTURE, body sections
 * and the content tests of SEARCH. Computed from the exact stored bytes, lazily; thread-safe.
 *
 * <p>Every byte the views return or write uses CRLF line endings, as IMAP requires, even when the
 * stored message has bare LF lines (a hand-typed SMTP session): sizes and offsets are those of that
 * CRLF form, which is also {@code MailboxMessage#canonicalSize()}. A NUL byte, which an IMAP
 * literal may not carry, is sent as 0x80 (as Dovecot does); nothing else is changed.
 *
 * <p>Costs: the wire size is computed once, in one pass over the stored bytes, and kept; {@link
 * #full()} then copies the stored bytes once (when they are already in CRLF form, as SMTP delivers
 * them). Keep one view per stored message to profit from that.
 *
 * <p>CONTRACT between the IMAP protocol code (package {@code dev.fakemail.internal.imap}) and the
 * message code (this package). The signatures below are fixed; the bodies are filled in by the
 * message side.
 */
public final class ImapMessageView {
  private final ReceivedMail mail;

  /** {@link WireForm#scan} of the message, or -1 before the first look. */
  private volatile long wire = -1;

  /** A view of this message; nothing is read before it is asked for. */
  public ImapMessageView(ReceivedMail mail) {
    this.mail = mail;
  }

  /** The message viewed. */
  public ReceivedMail mail() {
    return mail;
  }

  /** The whole message in its CRLF form (RFC822, BODY[]). A fresh array per call. */
  public byte[] full() {
    long w = wire;
    if (w < 0) {
      byte[] raw = readStored();
      w = WireForm.scan(raw);
      wire = w;
      return WireForm.asStored(w) ? raw : WireForm.rewrite(raw, w);
    }
    return WireForm.asStored(w) ? readStored() : WireForm.rewrite(readStored(), w);
  }

  /**
   * The whole message in its CRLF form as a stream of {@link #size()} bytes, without copying it
   * when it is stored in that form already: for writing {@code BODY[]} straight into a network
   * buffer (for instance Netty's {@code ByteBuf.writeBytes(InputStream, int)}).
   */
  public InputStream fullStream() {
    return WireForm.asStored(wire()) ? mail.rawStream() : WireForm.rewriting(mail.rawStream());
  }

  /** RFC822.SIZE: the length of {@link #full()}. */
  public long size() {
    return WireForm.size(wire());
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

  private long wire() {
    long w = wire;
    if (w < 0) {
      w = WireForm.scan(mail);
      wire = w;
    }
    return w;
  }

  private byte[] readStored() {
    try (InputStream in = mail.rawStream()) {
      return in.readAllBytes(); // one copy: ByteArrayInputStream hands out a copy of its range
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
