package dev.fakemail;

import dev.fakemail.internal.http.client.HttpApi;
import dev.fakemail.internal.http.client.HttpClientCalls;
import dev.fakemail.internal.http.client.HttpInbox;
import dev.fakemail.internal.http.client.HttpSmtpBehavior;
import dev.fakemail.internal.http.client.TranscriptCalls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A FakeMail server reached over its HTTP API: the standalone server, the Docker image, or a {@link
 * FakeMailServer} started with {@link Protocol#HTTP}. It hands out the same {@link Inbox} the
 * embedded server does, and the same {@link SmtpBehavior} ({@link #smtp()}, {@link Inbox#smtp()}),
 * so a test reads the same either way:
 *
 * <pre>{@code
 * FakeMailHttpClient fakemail = FakeMailHttpClient.of(URI.create("http://127.0.0.1:8025/"));
 * Inbox inbox = fakemail.newInbox();
 * app.signUp(inbox.address());
 * ReceivedMail mail = inbox.awaitMessage(subjectContains("Welcome"));
 * }</pre>
 *
 * <p>Immutable and thread-safe, with nothing to close: its JDK {@code HttpClient} keeps idle
 * connections to reuse and lets them go when the client is no longer used. Each client has its own
 * connections, so keep one per server (a static field) rather than one per test. The methods throw
 * {@link java.io.UncheckedIOException} (naming the URL) when the server cannot be reached, and
 * {@link IllegalStateException} when it answers something the API does not promise.
 */
public final class FakeMailHttpClient {
  /** The default for {@link Inbox#awaitMessage(MailFilter)}: the server's own default, 5 s. */
  public static final Duration DEFAULT_AWAIT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpApi api;
  private final Duration awaitTimeout;

  private FakeMailHttpClient(HttpApi api, Duration awaitTimeout) {
    this.api = api;
    this.awaitTimeout = awaitTimeout;
  }

  /**
   * A client of the server at this base URL, e.g. {@code http://127.0.0.1:8025/} or {@code
   * server.httpUrl()}. Nothing is sent until the first call.
   *
   * @throws IllegalArgumentException unless the URL is absolute http(s) with a host, and has no
   *     query or fragment
   */
  public static FakeMailHttpClient of(URI baseUrl) {
    return new FakeMailHttpClient(HttpApi.of(baseUrl), DEFAULT_AWAIT_TIMEOUT);
  }

  /**
   * A client like this one whose inboxes wait this long in {@link Inbox#awaitMessage(MailFilter)}
   * (the methods that take no timeout). The client cannot see the server's configured {@code
   * awaitTimeout}, so set the same here if you changed it there.
   */
  public FakeMailHttpClient withAwaitTimeout(Duration awaitTimeout) {
    Objects.requireNonNull(awaitTimeout, "awaitTimeout");
    if (awaitTimeout.isNegative()) {
      throw new IllegalArgumentException("awaitTimeout must not be negative, was " + awaitTimeout);
    }
    return new FakeMailHttpClient(api, awaitTimeout);
  }

  /** The server's base URL, ending with {@code /}. */
  public URI baseUrl() {
    return api.baseUrl();
  }

  /** How long {@link Inbox#awaitMessage(MailFilter)} waits; 5 s unless changed. */
  public Duration awaitTimeout() {
    return awaitTimeout;
  }

  /** Every message the server received, like {@link FakeMailServer#inbox()}. */
  public Inbox inbox() {
    return HttpInbox.all(api, awaitTimeout);
  }

  /**
   * The inbox of this address: only mail with it among the envelope recipients, cleared on its own
   * (like an inbox of {@link FakeMailServer#newInbox()}).
   */
  public Inbox inbox(String address) {
    return HttpInbox.forAddress(api, address, awaitTimeout);
  }

  /**
   * A fresh inbox with an address of its own, made by the server ({@code POST /api/v1/inboxes})
   * exactly as {@link FakeMailServer#newInbox()} makes one.
   */
  public Inbox newInbox() {
    return inbox(HttpClientCalls.newInboxAddress(api));
  }

  /**
   * The SMTP rules of the whole server ({@code /api/v1/behaviors}), like {@link
   * FakeMailServer#smtp()}: add a rule to make the server's SMTP listeners fail, stall or drop on
   * cue. For rules that apply only to mail for one inbox, use {@link Inbox#smtp()} of an inbox from
   * {@link #newInbox()} or {@link #inbox(String)}.
   *
   * <pre>{@code
   * FakeMailHttpClient fakemail = FakeMailHttpClient.of(URI.create("http://127.0.0.1:8025/"));
   * fakemail.smtp().add(SmtpRule.greylisting());
   * Inbox inbox = fakemail.newInbox();
   * inbox.smtp().add(SmtpRule.on(SmtpPhase.RCPT_TO).times(1).reply(452, "4.2.2 Mailbox full"));
   * }</pre>
   */
  public SmtpBehavior smtp() {
    return HttpSmtpBehavior.all(api);
  }

  /**
   * Puts a message straight into the recipient's mailbox ({@code POST /api/v1/messages}), as {@link
   * FakeMailServer#deliver(String, byte[])} does: for apps that read mail by POP3 or IMAP.
   *
   * @return the id the server gave the stored message
   */
  public String deliver(String recipient, byte[] rawMessage) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(rawMessage, "rawMessage");
    if (recipient.isBlank()) {
      throw new IllegalArgumentException("recipient must be an address, was \"" + recipient + "\"");
    }
    return HttpClientCalls.deliver(api, recipient.trim(), rawMessage);
  }

  /** {@code FakeMailHttpClient{http://127.0.0.1:8025/}}. */
  /**
   * The session transcripts the server keeps ({@code GET /api/v1/transcripts}), as {@link
   * FakeMailServer#transcripts()} has them.
   */
  public List<Transcript> transcripts() {
    return TranscriptCalls.list(api, null);
  }

  /** One transcript by id ({@code GET /api/v1/transcripts/{id}}); empty if the server has none. */
  public Optional<Transcript> transcript(String id) {
    Objects.requireNonNull(id, "id");
    return TranscriptCalls.find(api, null, id);
  }

  @Override
  public String toString() {
    return "FakeMailHttpClient{" + api.baseUrl() + "}";
  }
}
