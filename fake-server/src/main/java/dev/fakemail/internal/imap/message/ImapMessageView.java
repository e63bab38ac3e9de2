package dev.fakemail.internal.imap.message;

import dev.fakemail.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
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
 * <p>Where RFC 3501 leaves room, the views answer as Dovecot 2.3 does, byte for byte where we could
 * check (see the tests): strings as written in the message (no RFC 2047 or RFC 2231 decoding in
 * ENVELOPE and BODYSTRUCTURE), Dovecot's part boundaries, line counts and placeholders for broken
 * addresses.
 *
 * <p>Costs: the wire size is computed once, in one pass over the stored bytes, and kept; {@link
 * #full()} then copies the stored bytes once (when they are already in CRLF form, as SMTP delivers
 * them). The MIME structure is parsed the first time ENVELOPE, BODYSTRUCTURE or a section needs it
 * and held softly, like {@link ReceivedMail}'s parsed body: keep one view per stored message (for
 * instance beside it in the selected mailbox) to profit from both.
 *
 * <p>CONTRACT between the IMAP protocol code (package {@code dev.fakemail.internal.imap}) and the
 * message code (this package). The signatures below are fixed.
 */
public final class ImapMessageView {
  private static final byte[] EMPTY = new byte[0]; // no byte to change: safe to share

  private final ReceivedMail mail;

  /** {@link WireForm#scan} of the message, or -1 before the first look. */
  private volatile long wire = -1;

  private volatile SoftReference<MessageStructure> structure;

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
   *
   * <p>Values are the header bytes as received: encoded words stay encoded (clients decode them),
   * raw 8-bit text goes out as a literal. Display names and the subject have their white space
   * collapsed, other values their folding line breaks removed. Repeated address fields are joined;
   * of repeated Date, Subject, In-Reply-To and Message-ID fields the last counts (both as Dovecot).
   */
  public byte[] envelope() {
    return structure().envelope().clone();
  }

  /**
   * BODY ({@code extensible == false}) or BODYSTRUCTURE ({@code true}) (RFC 3501 §7.4.2), written
   * as IMAP syntax from the opening to the closing parenthesis.
   *
   * <p>Types, subtypes, parameter names and values, transfer encodings and the other strings are as
   * written in the message (case kept, as Dovecot); RFC 2231 parameters are joined but left encoded
   * ({@code "filename*" "utf-8''%C3%A4.pdf"}); a text part without a charset gets {@code ("charset"
   * "us-ascii")}; sizes are octets of the CRLF form; MD5 is whatever Content-MD5 says. A part whose
   * Content-Type cannot be read, and a multipart without a boundary or without any part, are shown
   * as text/plain (RFC 2045 §5.2).
   */
  public byte[] bodyStructure(boolean extensible) {
    return structure().bodyStructure(extensible).clone();
  }

  /**
   * A body section (RFC 3501 §6.4.5 {@code BODY[section]}), before any {@code <partial>} is
   * applied; an empty array for a part that does not exist (servers answer an empty string).
   *
   * <p>HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT and TEXT of a part are those of the message inside
   * a message/rfc822 part, and empty for any other part; MIME is a part's own header (for a
   * message/rfc822 part too). HEADER.FIELDS lists the matching fields (names ignoring case) in the
   * order of the message, then the blank line if the header has one. MIME of the whole message (an
   * empty {@code part}) is not a valid section: empty.
   *
   * @param part the part numbers, e.g. {@code [1, 2]} for {@code 1.2}; empty for the whole message
   * @param text which text of that part
   * @param fields the field names for {@link SectionText#HEADER_FIELDS} and {@link
   *     SectionText#HEADER_FIELDS_NOT}; ignored otherwise
   */
  public byte[] section(int[] part, SectionText text, List<String> fields) {
    if (part.length == 0 && text == SectionText.NONE) {
      return full();
    }
    MessageStructure s = structure();
    Part entity;
    if (part.length == 0) {
      if (text == SectionText.MIME) {
        return EMPTY;
      }
      entity = s.root;
    } else {
      Part p = s.find(part);
      if (p == null) {
        return EMPTY;
      }
      if (text == SectionText.NONE) {
        return bytes(p.bodyStart, p.bodyEnd);
      }
      if (text == SectionText.MIME) {
        return bytes(p.start, p.bodyStart);
      }
      if (p.kind != Part.Kind.MESSAGE) {
        return EMPTY;
      }
      entity = p.message();
    }
    switch (text) {
      case HEADER:
        return bytes(entity.start, entity.bodyStart);
      case TEXT:
        return bytes(entity.bodyStart, entity.bodyEnd);
      case HEADER_FIELDS:
        return headerFields(entity, fields == null ? List.of() : fields, false);
      case HEADER_FIELDS_NOT:
        return headerFields(entity, fields == null ? List.of() : fields, true);
      default:
        throw new IllegalArgumentException("section text " + text);
    }
  }

  /**
   * SEARCH HEADER: whether a header of this name (ignoring case) contains the text, ignoring case,
   * after RFC 2047 decoding; an empty text matches any message with that header.
   */
  public boolean headerContains(String fieldName, String text) {
    Part root = structure().root;
    return ContentSearch.header(bytes(root.start, root.bodyStart), fieldName, text);
  }

  /** SEARCH BODY: whether the decoded body (all text parts) contains the text, ignoring case. */
  public boolean bodyContains(String text) {
    return text.isEmpty() || ContentSearch.body(full(), structure().root, text);
  }

  /** SEARCH TEXT: whether the decoded headers or body contain the text, ignoring case. */
  public boolean textContains(String text) {
    return text.isEmpty() || ContentSearch.text(full(), structure().root, text);
  }

  /**
   * SEARCH SENTBEFORE/SENTON/SENTSINCE: the date of the Date header in its own time zone,
   * disregarding time and zone (RFC 3501 §6.4.4); empty when absent or unparseable.
   */
  public Optional<LocalDate> sentDate() {
    return mail.date().map(OffsetDateTime::toLocalDate);
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

  private long wire() {
    long w = wire;
    if (w < 0) {
      w = WireForm.scan(mail);
      wire = w;
    }
    return w;
  }

  MessageStructure structure() {
    SoftReference<MessageStructure> ref = structure;
    MessageStructure s = ref == null ? null : ref.get();
    if (s == null) {
      s = new MessageStructure(StructureParser.parse(crlfKeepingNul()));
      structure = new SoftReference<>(s);
    }
    return s;
  }

  /** What the MIME parser reads: the wire form, but with any NUL still a NUL. */
  private byte[] crlfKeepingNul() {
    long w = wire;
    if (w >= 0 && WireForm.asStored(w)) {
      return readStored();
    }
    byte[] raw = readStored();
    w = WireForm.scan(raw);
    wire = w;
    return WireForm.asStored(w) ? raw : WireForm.crlfKeepingNul(raw, w);
  }

  private byte[] readStored() {
    try (InputStream in = mail.rawStream()) {
      return in.readAllBytes(); // one copy: ByteArrayInputStream hands out a copy of its range
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes {@code [from, to)} of the wire form, copied once when the message is stored so. */
  private byte[] bytes(int from, int to) {
    if (to <= from) {
      return EMPTY;
    }
    if (!WireForm.asStored(wire())) {
      return Arrays.copyOfRange(full(), from, to);
    }
    byte[] out = new byte[to - from];
    try (InputStream in = mail.rawStream()) {
      in.skipNBytes(from);
      in.readNBytes(out, 0, out.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private byte[] headerFields(Part entity, List<String> names, boolean exclude) {
    byte[] header = bytes(entity.start, entity.bodyStart);
    ByteBuilder out = new ByteBuilder(Math.min(header.length, 1024));
    for (HeaderFields.Field f : HeaderFields.split(header, 0, header.length)) {
      boolean listed = false;
      for (String name : names) {
        if (f.is(name)) {
          listed = true;
          break;
        }
      }
      if (listed != exclude) {
        out.append(header, f.start, f.end);
      }
    }
    if (entity.blankLine) {
      out.ascii("\r\n");
    }
    return out.toByteArray();
  }
}
