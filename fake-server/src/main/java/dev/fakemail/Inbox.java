package dev.fakemail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A view of received mail that can be listed, filtered, awaited and cleared.
 *
 * <p>{@link FakeMailServer#inbox()} sees every message the server received; {@link
 * FakeMailServer#newInbox()} sees only mail for its own fresh {@link #address()}, so tests that run
 * in parallel against one server never see each other's mail.
 *
 * <p>Waiting is a query: {@code awaitMessage} returns at once when a matching message is already
 * there, and otherwise wakes when one arrives (no polling). On timeout it throws {@link
 * MailNotReceivedError} explaining what arrived instead. If the waiting thread is interrupted, the
 * wait ends with a {@link java.util.concurrent.CancellationException} and the thread's interrupt
 * flag set.
 *
 * <p>Implementations are thread-safe.
 */
public interface Inbox {

  /**
   * The server-wide inbox of a FakeMail server reached over its HTTP API, e.g. the standalone
   * server or the Docker image at {@code http://127.0.0.1:8025/}: the same contract as {@link
   * FakeMailServer#inbox()}, with the default await timeout of 5 s. Shorthand for {@code
   * FakeMailHttpClient.of(baseUrl).inbox()}; see {@link FakeMailHttpClient} for more.
   *
   * @throws IllegalArgumentException unless the URL is absolute http(s) with a host, and has no
   *     query or fragment
   */
  static Inbox overHttp(URI baseUrl) {
    return FakeMailHttpClient.of(baseUrl).inbox();
  }

  /**
   * The inbox of one address on a FakeMail server reached over its HTTP API: only mail with this
   * address among its envelope recipients, cleared on its own, like an inbox of {@link
   * FakeMailServer#newInbox()}. Shorthand for {@code
   * FakeMailHttpClient.of(baseUrl).inbox(address)}.
   */
  static Inbox overHttp(URI baseUrl, String address) {
    return FakeMailHttpClient.of(baseUrl).inbox(address);
  }

  /**
   * The address mail must be sent to for this inbox to see it.
   *
   * @throws IllegalStateException for the server-wide {@link FakeMailServer#inbox()}, which sees
   *     mail for every address and has none of its own
   */
  String address();

  /** Every message in this inbox, in arrival order. */
  List<ReceivedMail> messages();

  /** The messages matching the filter, in arrival order. */
  List<ReceivedMail> messages(MailFilter filter);

  /**
   * The first message, waiting up to the server's default await timeout (5 s unless configured).
   */
  default ReceivedMail awaitMessage() {
    return awaitMessage(MailFilter.any());
  }

  /** The first matching message, waiting up to the default await timeout for one to arrive. */
  ReceivedMail awaitMessage(MailFilter filter);

  /**
   * The first matching message, waiting up to {@code timeout} for one to arrive.
   *
   * @throws MailNotReceivedError if none arrived in time
   */
  ReceivedMail awaitMessage(MailFilter filter, Duration timeout);

  /**
   * The first {@code count} matching messages in arrival order, waiting up to {@code timeout} for
   * that many to have arrived.
   *
   * @throws MailNotReceivedError if fewer arrived in time
   */
  List<ReceivedMail> awaitMessages(MailFilter filter, int count, Duration timeout);

  /**
   * The scripted SMTP behaviour for this inbox: {@link SmtpRule}s added here apply only to mail for
   * {@link #address()} (at {@link SmtpPhase#RCPT_TO} of that address, and at {@link SmtpPhase#DATA}
   * and {@link SmtpPhase#END_OF_DATA} of a transaction that has it among its recipients), and are
   * removed by {@link #clear()}. For the server-wide inbox this is {@link FakeMailServer#smtp()}.
   *
   * @throws UnsupportedOperationException if this implementation has no server behind it
   */
  default SmtpBehavior smtp() {
    throw new UnsupportedOperationException(getClass().getName() + " has no SMTP rules");
  }

  /**
   * The transcripts of the SMTP, LMTP, POP3 and IMAP sessions this inbox sees, oldest first, each
   * as recorded now: for {@link FakeMailServer#inbox()} every session the server keeps; for an
   * inbox with an {@link #address()}, the sessions that named it in {@code RCPT TO} (accepted or
   * refused) or logged in to POP3 or IMAP as it ({@link Transcript#user()}), since the inbox was
   * last cleared. Sessions that stored no message (refused, dropped) are listed too: see {@link
   * Transcript#outcome()}.
   *
   * @throws UnsupportedOperationException if this implementation has no server behind it
   */
  default List<Transcript> transcripts() {
    throw new UnsupportedOperationException(getClass().getName() + " has no transcripts");
  }

  /**
   * The transcript with this {@link Transcript#id()}, as recorded now, if this inbox sees it (see
   * {@link #transcripts()}); e.g. the whole session of a message's {@link
   * ReceivedMail#transcript()}.
   *
   * @throws UnsupportedOperationException if this implementation has no server behind it
   */
  default Optional<Transcript> transcript(String id) {
    throw new UnsupportedOperationException(getClass().getName() + " has no transcripts");
  }

  /**
   * Removes every message this inbox sees (for a {@link FakeMailServer#newInbox()}, only its own)
   * and every SMTP rule added through its {@link #smtp()} (for the server-wide inbox: every rule),
   * and forgets the {@link #transcripts()} it lists so far.
   */
  void clear();
}
