package dev.fakemail;

import dev.fakemail.internal.mime.MimeParser;
import dev.fakemail.internal.mime.ParsedBody;
import dev.fakemail.internal.mime.ParsedHeaders;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the server received: the exact bytes the client sent, the SMTP envelope, and parsed
 * views of the content.
 *
 * <p>Immutable and thread-safe. The raw bytes are kept as sent (after SMTP dot-unstuffing); every
 * parsed view is computed lazily from them the first time it is asked for. Parsing is lenient: a
 * malformed message never makes an accessor throw; what could not be parsed is reported as absent
 * (an empty list, an empty {@link Optional}) and {@link #raw()} still has every byte.
 */
public final class ReceivedMail {
  private final String id;
  private final Instant receivedAt;
  private final Envelope envelope;
  private final byte[] raw;
  private final Transcript transcript; // null: not recorded

  private volatile ParsedHeaders headers;
  private volatile SoftReference<ParsedBody> body;

  private ReceivedMail(
      String id, Instant receivedAt, Envelope envelope, byte[] raw, Transcript transcript) {
    this.id = Objects.requireNonNull(id, "id");
    // Milliseconds, as every transport carries it (the HTTP API's JSON, IMAP's INTERNALDATE to the
    // second): a message read over HTTP equals the one the embedded inbox holds.
    this.receivedAt =
        Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MILLIS);
    this.envelope = Objects.requireNonNull(envelope, "envelope");
    this.raw = raw;
    this.transcript = transcript;
  }

  /**
   * A received message from its raw bytes (copied); {@code receivedAt} is kept to the millisecond.
   */
  public static ReceivedMail of(String id, Instant receivedAt, Envelope envelope, byte[] raw) {
    return new ReceivedMail(id, receivedAt, envelope, raw.clone(), null);
  }

  /** A received message from {@code length} raw bytes of {@code buffer} at {@code offset}. */
  public static ReceivedMail of(
      String id, Instant receivedAt, Envelope envelope, byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    return new ReceivedMail(
        id, receivedAt, envelope, Arrays.copyOfRange(buffer, offset, offset + length), null);
  }

  /**
   * This message linked to the transcript of the session that delivered it (see {@link
   * #transcript()}); the bytes are shared, not copied.
   */
  public ReceivedMail withTranscript(Transcript transcript) {
    return new ReceivedMail(
        id, receivedAt, envelope, raw, Objects.requireNonNull(transcript, "transcript"));
  }

  /**
   * The session that delivered this message, as recorded when the message was stored: every line up
   * to the end of its data and the event {@code message <id> stored}, with {@link
   * Transcript#outcome()} {@link Transcript.Outcome#OPEN} (the server's reply to the data, and
   * whatever the session did next, come later). For the whole session as recorded now, ask {@link
   * FakeMailServer#transcript(String)} or {@link Inbox#transcript(String)} for this transcript's
   * {@link Transcript#id()}.
   *
   * <p>Empty when the message did not come over SMTP or LMTP (seeded, delivered through the API,
   * preloaded) or when recording is off ({@link FakeMailConfig#maxTranscripts()} 0).
   */
  public Optional<Transcript> transcript() {
    return Optional.ofNullable(transcript);
  }

  /** The server-assigned id, unique within one server and stable for the message's lifetime. */
  public String id() {
    return id;
  }

  /**
   * When the server accepted the message (after the final {@code .} of DATA), to the millisecond.
   */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** The SMTP envelope: MAIL FROM, RCPT TO, HELO name, client address, AUTH user, parameters. */
  public Envelope envelope() {
    return envelope;
  }

  /** The message exactly as the client sent it, after dot-unstuffing; a fresh copy per call. */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw message as a stream, without copying it. */
  public InputStream rawStream() {
    return new ByteArrayInputStream(raw);
  }

  /** The size of the raw message in bytes. */
  public int size() {
    return raw.length;
  }

  /** Every header field in order, unfolded and decoded. */
  public List<Header> headers() {
    return parsedHeaders().all();
  }

  /** The decoded values of every header with this name (ignoring case), in order. */
  public List<String> headers(String name) {
    return parsedHeaders().values(name);
  }

  /** The decoded value of the first header with this name (ignoring case). */
  public Optional<String> header(String name) {
    return parsedHeaders().first(name);
  }

  /** The decoded Subject; the empty string when the message has none. */
  public String subject() {
    return header("Subject").orElse("");
  }

  /** The addresses of the From header (usually one). */
  public List<Address> from() {
    return parsedHeaders().addresses("From");
  }

  /** The addresses of every To header. */
  public List<Address> to() {
    return parsedHeaders().addresses("To");
  }

  /** The addresses of every Cc header. */
  public List<Address> cc() {
    return parsedHeaders().addresses("Cc");
  }

  /**
   * The blind-copy recipients: envelope recipients ({@code RCPT TO}) that appear in no To or Cc
   * header. (A {@code Bcc} header, if the client left one in, is not consulted.)
   */
  public List<Address> bcc() {
    List<Address> visible = new ArrayList<>(to());
    visible.addAll(cc());
    List<Address> bcc = new ArrayList<>();
    for (String rcpt : envelope.recipients()) {
      if (visible.stream().noneMatch(a -> a.hasAddress(rcpt))
          && bcc.stream().noneMatch(a -> a.hasAddress(rcpt))) {
        bcc.add(Address.of(rcpt));
      }
    }
    return List.copyOf(bcc);
  }

  /** The addresses of the Reply-To header. */
  public List<Address> replyTo() {
    return parsedHeaders().addresses("Reply-To");
  }

  /** The Message-ID header as written (with its angle brackets). */
  public Optional<String> messageId() {
    return header("Message-ID");
  }

  /** The Date header, if present and parseable. */
  public Optional<OffsetDateTime> date() {
    return parsedHeaders().date();
  }

  /**
   * The plain-text body, decoded to a string with line endings normalised to {@code \n}; when the
   * message has several inline text parts they are joined. Empty when the message has no text part.
   */
  public Optional<String> text() {
    return Optional.ofNullable(parsedBody().text());
  }

  /** The HTML body, decoded, with line endings normalised to {@code \n}; empty when none. */
  public Optional<String> html() {
    return Optional.ofNullable(parsedBody().html());
  }

  /** Every part that is not the text or HTML body: attachments, inline images, attached mail. */
  public List<Attachment> attachments() {
    return parsedBody().attachments();
  }

  /** The first attachment with this file name (exact match). */
  public Optional<Attachment> attachment(String name) {
    return attachments().stream().filter(a -> a.name().equals(name)).findFirst();
  }

  private ParsedHeaders parsedHeaders() {
    ParsedHeaders h = headers;
    if (h == null) {
      h = MimeParser.parseHeaders(raw);
      headers = h;
    }
    return h;
  }

  // The parsed body can be as large as the message itself (decoded attachments), so it is held
  // softly: a suite that stores thousands of messages and looks at a few does not pay twice.
  private ParsedBody parsedBody() {
    SoftReference<ParsedBody> ref = body;
    ParsedBody b = ref == null ? null : ref.get();
    if (b == null) {
      b = MimeParser.parseBody(raw);
      body = new SoftReference<>(b);
    }
    return b;
  }

  /** Two received messages are equal when they have the same id and the same raw bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ReceivedMail
        && ((ReceivedMail) o).id.equals(id)
        && Arrays.equals(((ReceivedMail) o).raw, raw);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    List<Address> from = from();
    return "ReceivedMail{id="
        + id
        + ", from="
        + (from.isEmpty() ? "<" + envelope.mailFrom() + ">" : from.get(0).address())
        + ", to="
        + envelope.recipients()
        + ", subject=\""
        + subject()
        + "\", size="
        + raw.length
        + '}';
  }
}
