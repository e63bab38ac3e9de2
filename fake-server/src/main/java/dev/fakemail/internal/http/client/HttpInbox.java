package dev.fakemail.internal.http.client;

import dev.fakemail.Inbox;
import dev.fakemail.MailFilter;
import dev.fakemail.MailNotReceivedError;
import dev.fakemail.ReceivedMail;
import dev.fakemail.SmtpBehavior;
import dev.fakemail.Transcript;
import dev.fakemail.internal.store.AwaitArguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * An {@link Inbox} over the HTTP API: {@code GET /api/v1/messages} with {@code include=raw} to
 * list, the same with {@code wait} and {@code atLeast} to await (long-poll), {@code DELETE} to
 * clear; {@code inbox=<address>} scopes every request to one address's inbox. Its {@link #smtp()}
 * rules are {@link HttpSmtpBehavior} over {@code /api/v1/behaviors} with the same scope.
 *
 * <p>It behaves like the embedded {@code StoreInbox} in every way the contract suite can see: the
 * same messages (ids, bytes, envelopes), the same argument checks and the same failure text, which
 * the server writes with the same {@code NearMissReport}, and the same {@link
 * ReceivedMail#receivedAt()} (the store keeps it to the millisecond, as the API sends it). One
 * difference: a header criterion's value must not start or end with whitespace (the API trims it).
 */
public final class HttpInbox implements Inbox {
  /** The longest wait the server accepts in one request; longer waits are split. */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  /** A 408 this much before the wait was over did not wait it out. */
  private static final Duration EARLY = Duration.ofSeconds(1);

  /** Messages per listing page (each with its raw bytes). */
  static final int PAGE = 100;

  /** What the embedded inbox says too (the contract suite checks). */
  private static final String NO_ADDRESS =
      "The server-wide inbox sees mail for every address and has none of its own;"
          + " use server.newInbox() for an inbox with an address";

  private static final String MESSAGES = "api/v1/messages";
  private static final String INTERRUPTED_WAITING = "Interrupted while waiting for mail";

  private final HttpApi api;
  private final String address; // null: server-wide
  private final Duration defaultTimeout;
  private final LongSupplier nanoTime;

  HttpInbox(HttpApi api, String address, Duration defaultTimeout, LongSupplier nanoTime) {
    this.api = api;
    this.address = address;
    this.defaultTimeout = defaultTimeout;
    this.nanoTime = nanoTime;
  }

  /** The inbox that sees every message the server received. */
  public static HttpInbox all(HttpApi api, Duration defaultTimeout) {
    return new HttpInbox(api, null, defaultTimeout, System::nanoTime);
  }

  /** The inbox of one address, as {@code server.newInbox()} has it. */
  public static HttpInbox forAddress(HttpApi api, String address, Duration defaultTimeout) {
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    return new HttpInbox(api, address.trim(), defaultTimeout, System::nanoTime);
  }

  @Override
  public String address() {
    if (address == null) {
      throw new IllegalStateException(NO_ADDRESS);
    }
    return address;
  }

  @Override
  public List<ReceivedMail> messages() {
    return messages(MailFilter.any());
  }

  @Override
  public List<ReceivedMail> messages(MailFilter filter) {
    Objects.requireNonNull(filter, "filter");
    Query query = scoped(filter).add("include", "raw");
    Map<String, ReceivedMail> found = new LinkedHashMap<>();
    Calls.run(
        "Interrupted while reading mail over HTTP",
        () -> {
          fetchFrom(query, 0, Integer.MAX_VALUE, found);
          return null;
        });
    return List.copyOf(found.values());
  }

  @Override
  public ReceivedMail awaitMessage(MailFilter filter) {
    return awaitMessage(filter, defaultTimeout);
  }

  @Override
  public ReceivedMail awaitMessage(MailFilter filter, Duration timeout) {
    return awaitMessages(filter, 1, timeout).get(0);
  }

  @Override
  public List<ReceivedMail> awaitMessages(MailFilter filter, int count, Duration timeout) {
    AwaitArguments.check(filter, count, timeout);
    Query base = scoped(filter).add("include", "raw");
    // Like the embedded inbox, an interrupted thread still gets mail that is already there; it
    // is cancelled only when it would have to wait. So: ask without waiting, then decide.
    boolean interrupted = Thread.interrupted();
    long started = nanoTime.getAsLong();
    Duration wait = interrupted ? Duration.ZERO : min(timeout, MAX_WAIT);
    while (true) {
      long asked = nanoTime.getAsLong();
      Query query =
          base.copy().add("limit", Math.min(count, PAGE)).add("wait", wait).add("atLeast", count);
      ApiResponse response;
      try {
        response = api.send("GET", MESSAGES, query, null, null, wait.plus(HttpApi.MARGIN));
        if (response.status() == 200) {
          Map<String, ReceivedMail> found = new LinkedHashMap<>();
          int total = addPage(response.json(), found);
          if (found.size() < count && total > found.size()) {
            fetchFrom(base, found.size(), count, found);
          }
          if (found.size() < count) {
            throw new IllegalStateException(
                "The FakeMail HTTP API answered a wait for "
                    + count
                    + " messages with "
                    + found.size());
          }
          return List.copyOf(new ArrayList<>(found.values()).subList(0, count));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Calls.cancelled(INTERRUPTED_WAITING, e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (response.status() != 408) {
        throw response.unexpected();
      }
      if (interrupted && !timeout.isZero()) {
        throw Calls.cancelled(INTERRUPTED_WAITING, new InterruptedException());
      }
      long now = nanoTime.getAsLong();
      long remaining = saturatedNanos(timeout) - (now - started);
      // The server times out after the whole wait; a 408 well before it (a server with a shorter
      // limit) ends the wait too, so that this loop never turns into polling.
      boolean early = now - asked < wait.minus(EARLY).toNanos();
      if (wait.equals(timeout) || remaining <= 0 || early) {
        throw new MailNotReceivedError(detail(response, filter, count, wait, timeout));
      }
      wait = min(Duration.ofNanos(remaining), MAX_WAIT);
    }
  }

  /**
   * The SMTP rules of this inbox over {@code /api/v1/behaviors?inbox=…}; of the whole server for
   * the server-wide inbox, as the embedded inbox has it.
   */
  @Override
  public SmtpBehavior smtp() {
    return address == null ? HttpSmtpBehavior.all(api) : HttpSmtpBehavior.forAddress(api, address);
  }

  @Override
  public List<Transcript> transcripts() {
    return TranscriptCalls.list(api, address);
  }

  @Override
  public Optional<Transcript> transcript(String id) {
    Objects.requireNonNull(id, "id");
    return TranscriptCalls.find(api, address, id);
  }

  @Override
  public void clear() {
    Query query = new Query();
    if (address != null) {
      query.add("inbox", address);
    }
    Calls.run(
        "Interrupted while clearing mail over HTTP",
        () -> api.send("DELETE", MESSAGES, query, null, null, HttpApi.MARGIN).expect(200));
  }

  /** {@code Inbox{http://127.0.0.1:8025/ all mail}}, {@code Inbox{http://… bob@example.test}}. */
  @Override
  public String toString() {
    return "Inbox{" + api.baseUrl() + " " + (address == null ? "all mail" : address) + "}";
  }

  /** The filter's criteria as query parameters, plus this inbox's scope. */
  private Query scoped(MailFilter filter) {
    Query q = FilterQuery.of(filter);
    if (address != null) {
      q.add("inbox", address);
    }
    return q;
  }

  /**
   * Pages through the listing from {@code offset} until {@code want} messages are in {@code found}
   * or the listing ends.
   */
  private void fetchFrom(Query base, int offset, int want, Map<String, ReceivedMail> found)
      throws InterruptedException {
    while (found.size() < want) {
      Query page = base.copy().add("offset", offset).add("limit", PAGE);
      ApiResponse response = api.send("GET", MESSAGES, page, null, null, HttpApi.MARGIN);
      Map<String, Object> json = response.expect(200).json();
      int before = found.size();
      int total = addPage(json, found);
      int got = MailJson.array(json, "messages").size();
      offset += got;
      if (got == 0 || offset >= total || found.size() == before) {
        return;
      }
    }
  }

  /** Adds the page's messages (by id, so a page shifted by a concurrent change adds no repeat). */
  private static int addPage(Map<String, Object> json, Map<String, ReceivedMail> found) {
    for (Object summary : MailJson.array(json, "messages")) {
      ReceivedMail mail = MailJson.mail(MailJson.object(summary, "messages"));
      found.putIfAbsent(mail.id(), mail);
    }
    return (int) Math.min(Integer.MAX_VALUE, MailJson.number(json, "total"));
  }

  /**
   * The server's failure text, verbatim. A wait longer than one request may take was split; the
   * text of its last part then names that part's time, which is put back to the whole timeout.
   */
  private static String detail(
      ApiResponse response, MailFilter filter, int count, Duration wait, Duration timeout) {
    String detail = response.problemDetail();
    if (detail == null) {
      throw response.unexpected();
    }
    if (!wait.equals(timeout)) {
      String expected =
          (count == 1
                  ? "Expected a message matching "
                  : "Expected " + count + " messages matching ")
              + filter
              + " within ";
      String was = expected + wait + ", but ";
      if (detail.startsWith(was)) {
        detail = expected + timeout + ", but " + detail.substring(was.length());
      }
    }
    return detail;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
