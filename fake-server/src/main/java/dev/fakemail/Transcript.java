package dev.fakemail;

import dev.fakemail.internal.transcript.AppendOnly;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What was said in one SMTP, LMTP, POP3 or IMAP session: every line in both directions with its
 * time, events such as TLS starting, a message being stored or a rule firing, and the facts a test
 * asserts on (the messages it produced, the commands the server refused, its {@link Outcome}).
 *
 * <p>Immutable and thread-safe: a snapshot. {@link FakeMailServer#transcripts()} and {@link
 * Inbox#transcripts()} give each session as recorded at the time of the call (a session still open
 * has {@link Outcome#OPEN}); {@link ReceivedMail#transcript()} gives its session as recorded when
 * the message was stored.
 *
 * <p>What is not recorded, unless the configuration says otherwise: credentials (SMTP {@code AUTH}
 * initial responses and SASL continuation lines, POP3 {@code PASS}, the digest of {@code APOP} and
 * POP3 {@code AUTH}, the password of IMAP {@code LOGIN}, IMAP {@code AUTHENTICATE} initial and
 * continuation responses) appear as {@value #REDACTED}; message content (SMTP/LMTP {@code DATA}) is
 * summarized by its size (bytes as sent, dot-stuffing included) and line count; messages the server
 * sends (POP3 {@code RETR}/{@code TOP}, literals of IMAP {@code FETCH} responses) and long or
 * multi-line IMAP literals the client sends ({@code APPEND}) are replaced by their size. See {@link
 * FakeMailConfig#transcriptCredentials()} and {@link FakeMailConfig#transcriptBodyBytes()}. A long
 * session stops being recorded at {@link FakeMailConfig#maxTranscriptEntries()} entries or {@link
 * FakeMailConfig#maxTranscriptBytes()} characters, with one last entry saying so ({@link
 * #isTruncated()}); its facts (messages, refusals, rules, end) are still kept.
 */
public final class Transcript {
  /** What stands in for a credential in a transcript. */
  public static final String REDACTED = "<redacted>";

  /** Who an {@link Entry} comes from. */
  public enum Direction {
    /** A line the client sent (without its line ending). */
    CLIENT,
    /** A line the server sent (without its line ending). */
    SERVER,
    /**
     * Something that happened: TLS started, a message stored, a rule fired, the connection closed.
     */
    EVENT
  }

  /** How a session turned out, as far as mail is concerned. */
  public enum Outcome {
    /** The connection is still open (or was when this snapshot was taken). */
    OPEN,
    /** The connection is closed and at least one message was stored; see {@link #messageIds()}. */
    DELIVERED,
    /**
     * The connection is closed, no message was stored, and the server refused at least one command
     * with a 4xx/5xx reply (POP3: {@code -ERR}, IMAP: {@code NO}/{@code BAD}); see {@link
     * #refusals()}.
     */
    REJECTED,
    /**
     * The connection is closed, no message was stored and nothing was refused: a connection check,
     * a client that gave up, a message accepted and dropped, a POP3 or IMAP session that only read.
     */
    NO_MAIL
  }

  private final String id;
  private final Protocol protocol;
  private final InetSocketAddress clientAddress;
  private final Instant startedAt;
  private final Instant endedAt;
  private final String user;
  private final List<String> recipients;
  private final List<Entry> entries;
  private final List<String> messageIds;
  private final List<String> rulesFired;
  private final List<Refusal> refusals;
  private final boolean truncated;

  private Transcript(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.protocol = Objects.requireNonNull(b.protocol, "protocol");
    this.clientAddress = b.clientAddress;
    // milliseconds, as the HTTP API carries them: a transcript read over HTTP equals this one
    this.startedAt =
        Objects.requireNonNull(b.startedAt, "startedAt").truncatedTo(ChronoUnit.MILLIS);
    this.endedAt = b.endedAt == null ? null : b.endedAt.truncatedTo(ChronoUnit.MILLIS);
    this.user = b.user;
    this.recipients = immutable(b.recipients);
    this.entries = immutable(b.entries);
    this.messageIds = immutable(b.messageIds);
    this.rulesFired = immutable(b.rulesFired);
    this.refusals = immutable(b.refusals);
    this.truncated = b.truncated;
  }

  // The recorder's snapshots are immutable views already: copying them for every stored message
  // would make a long session's snapshots cost more and more.
  private static <T> List<T> immutable(List<T> list) {
    return AppendOnly.isView(list) ? list : List.copyOf(list);
  }

  /** A builder, for transcripts read from elsewhere (the HTTP API) and for tests. */
  public static Builder builder(String id, Protocol protocol, Instant startedAt) {
    Builder b = new Builder();
    b.id = Objects.requireNonNull(id, "id");
    b.protocol = Objects.requireNonNull(protocol, "protocol");
    b.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    return b;
  }

  /** The server-assigned id ({@code s1}, {@code s2}…), unique within one server. */
  public String id() {
    return id;
  }

  /** The listener the session came in on: SMTP, SMTPS, LMTP, POP3, POP3S, IMAP or IMAPS. */
  public Protocol protocol() {
    return protocol;
  }

  /** The client's address and port; {@code null} only if the transport did not know it. */
  public InetSocketAddress clientAddress() {
    return clientAddress;
  }

  /** When the connection was accepted, to the millisecond. */
  public Instant startedAt() {
    return startedAt;
  }

  /** When the connection closed, to the millisecond; empty while it is open. */
  public Optional<Instant> endedAt() {
    return Optional.ofNullable(endedAt);
  }

  /**
   * Who the client logged in as: the name an SMTP AUTH, POP3 AUTH or IMAP AUTHENTICATE exchange
   * authenticated, or the name given to POP3 {@code USER}/{@code APOP} or IMAP {@code LOGIN} (even
   * if the password was wrong); empty if none.
   */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Every address the client named in {@code RCPT TO}, accepted or refused, in order, each once.
   * {@link Inbox#transcripts()} of an inbox lists the sessions whose recipients or {@link #user()}
   * include its address.
   */
  public List<String> recipients() {
    return recipients;
  }

  /** Every recorded line and event, in order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The ids of the messages this session stored, in order (see {@link ReceivedMail#id()}). */
  public List<String> messageIds() {
    return messageIds;
  }

  /** The ids of the SMTP rules that fired in this session, in firing order, repeats included. */
  public List<String> rulesFired() {
    return rulesFired;
  }

  /**
   * Every command the server refused with a 4xx/5xx reply (POP3: {@code -ERR}; IMAP: a tagged
   * {@code NO} or {@code BAD}), in order.
   */
  public List<Refusal> refusals() {
    return refusals;
  }

  /** Whether the session outgrew the configured limits and later lines were not recorded. */
  public boolean isTruncated() {
    return truncated;
  }

  /** Whether the connection is still open (in this snapshot). */
  public boolean isOpen() {
    return endedAt == null;
  }

  /** See {@link Outcome}. */
  public Outcome outcome() {
    if (endedAt == null) {
      return Outcome.OPEN;
    }
    if (!messageIds.isEmpty()) {
      return Outcome.DELIVERED;
    }
    return refusals.isEmpty() ? Outcome.NO_MAIL : Outcome.REJECTED;
  }

  /** The text of every client line, in order ({@link Direction#CLIENT} entries). */
  public List<String> commands() {
    return texts(Direction.CLIENT);
  }

  /** The text of every server line, in order ({@link Direction#SERVER} entries). */
  public List<String> replies() {
    return texts(Direction.SERVER);
  }

  private List<String> texts(Direction direction) {
    List<String> texts = new ArrayList<>();
    for (Entry e : entries) {
      if (e.direction == direction) {
        texts.add(e.text);
      }
    }
    return List.copyOf(texts);
  }

  /**
   * The session as text, one entry per line: {@code C: } client lines, {@code S: } server lines,
   * {@code * } events; multi-line event texts are indented.
   */
  public String text() {
    StringBuilder sb = new StringBuilder(entries.size() * 32);
    for (Entry e : entries) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Transcript)) {
      return false;
    }
    Transcript t = (Transcript) o;
    return t.id.equals(id)
        && t.protocol == protocol
        && Objects.equals(t.clientAddress, clientAddress)
        && t.startedAt.equals(startedAt)
        && Objects.equals(t.endedAt, endedAt)
        && Objects.equals(t.user, user)
        && t.recipients.equals(recipients)
        && t.entries.equals(entries)
        && t.messageIds.equals(messageIds)
        && t.rulesFired.equals(rulesFired)
        && t.refusals.equals(refusals)
        && t.truncated == truncated;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, startedAt, entries.size(), endedAt);
  }

  /** {@code Transcript{id=s3, smtp, REJECTED, 12 entries, messages=[], refusals=1}}. */
  @Override
  public String toString() {
    return "Transcript{id="
        + id
        + ", "
        + protocol.name().toLowerCase(Locale.ROOT)
        + ", "
        + outcome()
        + ", "
        + entries.size()
        + " entries, messages="
        + messageIds
        + ", refusals="
        + refusals.size()
        + (truncated ? ", truncated" : "")
        + '}';
  }

  /** One line or event of a transcript. */
  public static final class Entry {
    private final long atMillis; // not an Instant: a stored message keeps its session's entries
    private final Direction direction;
    private final String text;

    private Entry(long atMillis, Direction direction, String text) {
      this.atMillis = atMillis;
      this.direction = Objects.requireNonNull(direction, "direction");
      this.text = Objects.requireNonNull(text, "text");
    }

    /** An entry; {@code at} is kept to the millisecond, as the HTTP API carries it. */
    public static Entry of(Instant at, Direction direction, String text) {
      return new Entry(at.toEpochMilli(), direction, text);
    }

    /** When the line was read or written, or the event happened, to the millisecond. */
    public Instant at() {
      return Instant.ofEpochMilli(atMillis);
    }

    public Direction direction() {
      return direction;
    }

    /** The line without its line ending (credentials redacted), or the event's description. */
    public String text() {
      return text;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry
          && ((Entry) o).atMillis == atMillis
          && ((Entry) o).direction == direction
          && ((Entry) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(atMillis, direction, text);
    }

    /** {@code C: MAIL FROM:<a@b.test>}, {@code S: 250 2.1.0 Sender OK}, {@code * TLS started}. */
    @Override
    public String toString() {
      switch (direction) {
        case CLIENT:
          return "C: " + text;
        case SERVER:
          return "S: " + text;
        default:
          return "* " + text.replace("\n", "\n  ");
      }
    }
  }

  /** A command the server refused, with the reply that refused it. */
  public static final class Refusal {
    private final Instant at;
    private final String command;
    private final int code;
    private final String reply;
    private final List<String> recipients;

    private Refusal(Instant at, String command, int code, String reply, List<String> recipients) {
      this.at = Objects.requireNonNull(at, "at");
      this.command = Objects.requireNonNull(command, "command");
      this.code = code;
      this.reply = Objects.requireNonNull(reply, "reply");
      this.recipients = List.copyOf(recipients);
    }

    /** A refusal; {@code at} is kept to the millisecond. */
    public static Refusal of(
        Instant at, String command, int code, String reply, List<String> recipients) {
      return new Refusal(at.truncatedTo(ChronoUnit.MILLIS), command, code, reply, recipients);
    }

    /** When the refusing reply was sent. */
    public Instant at() {
      return at;
    }

    /**
     * The client line refused, as recorded (credentials redacted): {@code RCPT TO:<bob@x.test>},
     * {@code .} for the end of a message's data, {@code a2 SELECT Nowhere}; the empty string for a
     * greeting that refused the connection.
     */
    public String command() {
      return command;
    }

    /** The SMTP/LMTP reply code, e.g. {@code 550}; 0 for POP3 and IMAP, whose replies have none. */
    public int code() {
      return code;
    }

    /** The reply's lines, joined with {@code \n} (IMAP: the tagged line). */
    public String reply() {
      return reply;
    }

    /**
     * The recipients whose mail this refusal refused: the address of a refused {@code RCPT TO};
     * every accepted recipient of the transaction for a refused {@code DATA} or end of data (LMTP:
     * the recipient of that reply); empty otherwise (e.g. a refused {@code MAIL FROM}).
     */
    public List<String> recipients() {
      return recipients;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Refusal)) {
        return false;
      }
      Refusal r = (Refusal) o;
      return r.at.equals(at)
          && r.command.equals(command)
          && r.code == code
          && r.reply.equals(reply)
          && r.recipients.equals(recipients);
    }

    @Override
    public int hashCode() {
      return Objects.hash(at, command, code, reply);
    }

    /** {@code RCPT TO:<bob@x.test> -> 550 5.1.1 User unknown}. */
    @Override
    public String toString() {
      return (command.isEmpty() ? "(connect)" : command) + " -> " + reply.replace("\n", " | ");
    }
  }

  /** Builds a {@link Transcript}; see {@link Transcript#builder}. */
  public static final class Builder {
    private String id;
    private Protocol protocol;
    private InetSocketAddress clientAddress;
    private Instant startedAt;
    private Instant endedAt;
    private String user;
    private List<String> recipients = List.of();
    private List<Entry> entries = List.of();
    private List<String> messageIds = List.of();
    private List<String> rulesFired = List.of();
    private List<Refusal> refusals = List.of();
    private boolean truncated;

    private Builder() {}

    public Builder clientAddress(InetSocketAddress address) {
      this.clientAddress = address;
      return this;
    }

    /** When the connection closed; {@code null} while it is open. */
    public Builder endedAt(Instant endedAt) {
      this.endedAt = endedAt;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder recipients(List<String> recipients) {
      this.recipients = Objects.requireNonNull(recipients, "recipients");
      return this;
    }

    public Builder entries(List<Entry> entries) {
      this.entries = Objects.requireNonNull(entries, "entries");
      return this;
    }

    public Builder messageIds(List<String> messageIds) {
      this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
      return this;
    }

    public Builder rulesFired(List<String> rulesFired) {
      this.rulesFired = Objects.requireNonNull(rulesFired, "rulesFired");
      return this;
    }

    public Builder refusals(List<Refusal> refusals) {
      this.refusals = Objects.requireNonNull(refusals, "refusals");
      return this;
    }

    public Builder truncated(boolean truncated) {
      this.truncated = truncated;
      return this;
    }

    public Transcript build() {
      return new Transcript(this);
    }
  }
}
