package dev.fakemail.internal.http;

import dev.fakemail.Attachment;
import dev.fakemail.ReceivedMail;
import dev.fakemail.internal.store.Folder;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.store.Mailbox;
import dev.fakemail.internal.store.MailboxMessage;
import dev.fakemail.internal.store.Mailboxes;
import dev.fakemail.internal.store.StoreInbox;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The handlers of {@code /api/v1/messages…}, one method per route. */
final class MessageRoutes {
  /** The longest {@code wait} of a long-poll. */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  static final String MAIL_NOT_RECEIVED = "https://fakemail.dev/problems/mail-not-received";

  /** The policy of a message's HTML: no scripts, no remote loads, nothing but inline style. */
  static final String HTML_CSP =
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:";

  /** The policy once the user asked to load remote content: remote images too. */
  static final String HTML_CSP_REMOTE =
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src * data: cid:";

  private static final List<String> LIST_PARAMS =
      Filters.params("offset", "limit", "order", "include", "wait", "atLeast");
  private static final List<String> DELETE_PARAMS = Filters.FILTER_PARAMS;

  // Types a browser would render or run if it ignored Content-Disposition: served as bytes.
  private static final Set<String> UNSAFE_TYPES =
      Set.of(
          "text/html",
          "application/xhtml+xml",
          "image/svg+xml",
          "text/xml",
          "application/xml",
          "text/javascript",
          "application/javascript",
          "application/ecmascript",
          "text/ecmascript",
          "application/x-javascript",
          "text/xsl",
          "application/pdf");
  private static final Pattern MIME_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

  private final MailStore store;
  private final Mailboxes mailboxes;
  private final HttpBackend backend;
  private final Duration awaitTimeout;

  MessageRoutes(MailStore store, Mailboxes mailboxes, HttpBackend backend, Duration awaitTimeout) {
    this.store = store;
    this.mailboxes = mailboxes;
    this.backend = backend;
    this.awaitTimeout = awaitTimeout;
  }

  /** {@code GET /api/v1/messages}: a page of summaries; with {@code wait}, a long-poll. */
  void list(Exchange ex) {
    Query q = ex.query().allowOnly(LIST_PARAMS);
    Filters f = Filters.parse(q, store, awaitTimeout);
    int offset = q.integer("offset", 0, 0, Integer.MAX_VALUE);
    int limit = q.integer("limit", DEFAULT_LIMIT, 0, MAX_LIMIT);
    boolean newest =
        q.oneOf("order", List.of("oldest", "newest")).orElse("oldest").equals("newest");
    boolean raw = q.oneOf("include", List.of("raw")).isPresent();
    Optional<Duration> wait = q.duration("wait", MAX_WAIT);
    int atLeast = q.integer("atLeast", 1, 1, Integer.MAX_VALUE);
    Page page = new Page(offset, limit, newest, raw);

    List<ReceivedMail> now = f.view.messages(f.filter);
    if (wait.isEmpty() || now.size() >= atLeast) {
      page.answer(ex, now);
      return;
    }
    Duration timeout = wait.get();
    if (timeout.isZero()) {
      notReceived(
          ex,
          f,
          atLeast,
          timeout,
          f.view.nearMiss(f.filter, atLeast, timeout, f.view.watermark()),
          now);
      return;
    }
    // Nothing blocks: the store tells this event loop of each arrival, and a timer ends the wait.
    StoreInbox.PendingAwait pending = f.view.awaitMessagesAsync(f.filter, atLeast, ex.eventLoop());
    ScheduledFuture<?> timer =
        ex.eventLoop()
            .schedule(
                () -> pending.future().complete(null), timeout.toNanos(), TimeUnit.NANOSECONDS);
    GenericFutureListener<Future<Void>> onClose = done -> pending.future().cancel(false);
    ex.channel().closeFuture().addListener(onClose);
    pending
        .future()
        .whenComplete(
            (found, error) -> {
              timer.cancel(false);
              // a keep-alive connection may long-poll many times: drop this wait's listener
              ex.channel().closeFuture().removeListener(onClose);
              if (error instanceof CancellationException || ex.isAnswered()) {
                return;
              }
              if (found != null) {
                page.answer(ex, f.view.messages(f.filter));
              } else {
                String report = f.view.nearMiss(f.filter, atLeast, timeout, pending.after());
                notReceived(ex, f, atLeast, timeout, report, f.view.messages(f.filter));
              }
            });
  }

  private static void notReceived(
      Exchange ex,
      Filters f,
      int expected,
      Duration timeout,
      String report,
      List<ReceivedMail> matched) {
    int count = matched.size();
    ex.problem(
        new HttpProblem(
            HttpResponseStatus.REQUEST_TIMEOUT,
            MAIL_NOT_RECEIVED,
            "Mail not received",
            report,
            g -> {
              g.writeNumberField("expected", expected);
              g.writeNumberField("matched", count);
            }));
  }

  /** The paging and shape of a list answer. */
  private static final class Page {
    final int offset;
    final int limit;
    final boolean newest;
    final boolean raw;

    Page(int offset, int limit, boolean newest, boolean raw) {
      this.offset = offset;
      this.limit = limit;
      this.newest = newest;
      this.raw = raw;
    }

    void answer(Exchange ex, List<ReceivedMail> all) {
      List<ReceivedMail> ordered = all;
      if (newest) {
        ordered = new ArrayList<>(all);
        Collections.reverse(ordered);
      }
      int from = Math.min(offset, ordered.size());
      int to = (int) Math.min((long) from + limit, ordered.size());
      List<ReceivedMail> shown = ordered.subList(from, to);
      ex.json(
          HttpResponseStatus.OK,
          g -> {
            g.writeStartObject();
            g.writeNumberField("total", all.size());
            g.writeNumberField("offset", offset);
            g.writeNumberField("limit", limit);
            g.writeArrayFieldStart("messages");
            for (ReceivedMail m : shown) {
              MessageJson.summary(g, m, raw);
            }
            g.writeEndArray();
            g.writeEndObject();
          });
    }
  }

  /** {@code GET /api/v1/messages/{id}}. */
  void detail(Exchange ex) {
    ex.query().allowOnly(List.of());
    ReceivedMail m = find(ex);
    List<MessageJson.MailboxPlace> places = places(m);
    ex.json(HttpResponseStatus.OK, g -> MessageJson.detail(g, m, places));
  }

  /** {@code GET /api/v1/messages/{id}/raw}: the exact stored bytes, as an {@code .eml} download. */
  void raw(Exchange ex) {
    ex.query().allowOnly(List.of());
    ReceivedMail m = find(ex);
    ex.respond(
        HttpResponseStatus.OK,
        "message/rfc822",
        m.raw(),
        HttpHeaderNames.CONTENT_DISPOSITION.toString(),
        "attachment; filename=\"" + asciiFileName(m.id()) + ".eml\"");
  }

  /** {@code GET /api/v1/messages/{id}/html}: sandboxed, no remote loads unless asked. */
  void html(Exchange ex) {
    Query q = ex.query().allowOnly(List.of("remote"));
    boolean remote = q.oneOf("remote", List.of("true", "false")).orElse("false").equals("true");
    ReceivedMail m = find(ex);
    String html =
        m.html().orElseThrow(() -> HttpProblem.notFound("Message " + m.id() + " has no HTML part"));
    ex.respond(
        HttpResponseStatus.OK,
        "text/html; charset=utf-8",
        html.getBytes(StandardCharsets.UTF_8),
        "Content-Security-Policy",
        remote ? HTML_CSP_REMOTE : HTML_CSP,
        "X-Content-Type-Options",
        "nosniff");
  }

  /** {@code GET /api/v1/messages/{id}/text}. */
  void text(Exchange ex) {
    ex.query().allowOnly(List.of());
    ReceivedMail m = find(ex);
    String text =
        m.text().orElseThrow(() -> HttpProblem.notFound("Message " + m.id() + " has no text part"));
    ex.respond(
        HttpResponseStatus.OK,
        "text/plain; charset=utf-8",
        text.getBytes(StandardCharsets.UTF_8),
        "X-Content-Type-Options",
        "nosniff");
  }

  /** {@code GET /api/v1/messages/{id}/attachments/{index}}: the decoded bytes, as a download. */
  void attachment(Exchange ex) {
    ex.query().allowOnly(List.of());
    ReceivedMail m = find(ex);
    String indexParam = ex.pathParam("index");
    List<Attachment> attachments = m.attachments();
    int index = -1;
    if (indexParam.matches("[0-9]{1,9}")) {
      index = Integer.parseInt(indexParam);
    }
    if (index < 0 || index >= attachments.size()) {
      throw HttpProblem.notFound(
          "Message "
              + m.id()
              + " has no attachment "
              + indexParam
              + " (it has "
              + attachments.size()
              + (attachments.size() == 1 ? " attachment)" : " attachments)"));
    }
    Attachment a = attachments.get(index);
    String name = a.name().isEmpty() ? "attachment-" + index : a.name();
    ex.respond(
        HttpResponseStatus.OK,
        safeType(a.contentType()),
        a.bytes(),
        HttpHeaderNames.CONTENT_DISPOSITION.toString(),
        contentDisposition(name),
        "X-Content-Type-Options",
        "nosniff");
  }

  /** {@code DELETE /api/v1/messages}: all, an address inbox's view, or those a filter matches. */
  void deleteMany(Exchange ex) {
    Query q = ex.query().allowOnly(DELETE_PARAMS);
    Filters f = Filters.parse(q, store, awaitTimeout);
    int deleted;
    if (Filters.hasCriteria(q)) {
      // a filter deletes from the capture log: gone for every view, as for DELETE …/{id}
      List<ReceivedMail> doomed = f.view.messages(f.filter);
      Set<ReceivedMail> set = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      set.addAll(doomed);
      deleted = store.removeIf(set::contains).size();
    } else if (f.view.addressOrNull() != null) {
      // like inbox.clear() of server.newInbox(): hides this address's mail from its views only
      deleted = f.view.messages().size();
      f.view.clear();
    } else {
      deleted = store.clear();
    }
    int n = deleted;
    ex.json(
        HttpResponseStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeNumberField("deleted", n);
          g.writeEndObject();
        });
  }

  /**
   * {@code DELETE /api/v1/messages/{id}}: removes a received message from the capture log, or a
   * seeded one from its mailbox.
   */
  void deleteOne(Exchange ex) {
    ex.query().allowOnly(List.of());
    String id = ex.pathParam("id");
    if (store.removeIf(m -> m.id().equals(id)).isEmpty()) {
      boolean expunged = false;
      if (isCapturedId(id)) {
        throw unknown(id); // deleted from the capture log before: gone from this API
      }
      for (String address : mailboxes.addresses()) {
        Optional<Mailbox> mailbox = mailboxes.find(address);
        if (mailbox.isPresent()) {
          for (Folder folder : mailbox.get().folders()) {
            expunged |= !folder.expungeIf(mm -> mm.mail().id().equals(id)).isEmpty();
          }
        }
      }
      if (!expunged) {
        throw unknown(id);
      }
    }
    ex.respond(HttpResponseStatus.NO_CONTENT, null, null);
  }

  /**
   * {@code POST /api/v1/messages?to=…}: seeds each recipient's mailbox with the raw message in the
   * body, exactly like {@code server.deliver(recipient, bytes)}.
   */
  void post(Exchange ex) {
    Query q = ex.query().allowOnly(List.of("to"));
    String type = ex.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("message/rfc822") && !mediaType.equals("application/octet-stream")) {
      throw new HttpProblem(
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "The body must be a raw message with Content-Type message/rfc822 (or"
              + " application/octet-stream), was "
              + (type.isEmpty() ? "none" : Query.quote(type)));
    }
    List<String> recipients = q.all("to");
    if (recipients.isEmpty()) {
      throw HttpProblem.badRequest("Parameter to is required: the recipient of the message");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String r : recipients) {
      String a = r.trim();
      if (a.isEmpty() || a.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw Query.invalid("to", r, "expected an address");
      }
      unique.add(a);
    }
    byte[] body = ex.body();
    if (body.length == 0) {
      throw HttpProblem.badRequest("The body is empty; send the raw message (message/rfc822)");
    }
    List<String[]> delivered = new ArrayList<>();
    for (String recipient : unique) {
      delivered.add(new String[] {recipient, backend.deliver(recipient, body).id()});
    }
    ex.json(
        HttpResponseStatus.CREATED,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("delivered");
          for (String[] d : delivered) {
            g.writeStartObject();
            g.writeStringField("address", d[0]);
            g.writeStringField("id", d[1]);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** The message of the {@code id} path parameter: captured, or seeded into a mailbox. */
  /** The message of the {@code id} path parameter, in the capture log or a mailbox; else 404. */
  ReceivedMail find(Exchange ex) {
    String id = ex.pathParam("id");
    Optional<ReceivedMail> captured = store.find(id);
    if (captured.isPresent()) {
      return captured.get();
    }
    if (isCapturedId(id)) {
      throw unknown(id); // deleted from the capture log (its mailbox copies are another view)
    }
    for (String address : mailboxes.addresses()) {
      Optional<Mailbox> mailbox = mailboxes.find(address);
      if (mailbox.isPresent()) {
        for (Folder folder : mailbox.get().folders()) {
          for (MailboxMessage mm : folder.messages()) {
            if (mm.mail().id().equals(id)) {
              return mm.mail();
            }
          }
        }
      }
    }
    throw unknown(id);
  }

  /**
   * Whether the id is one the capture log gives (a number); other ids (seeded mail) are looked up
   * in the mailboxes.
   */
  private static boolean isCapturedId(String id) {
    return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static HttpProblem unknown(String id) {
    return HttpProblem.notFound("No message with id " + Query.quote(id));
  }

  /** Every folder of the recipients' mailboxes that holds this very message. */
  private List<MessageJson.MailboxPlace> places(ReceivedMail m) {
    Set<String> addresses = new LinkedHashSet<>();
    for (String r : m.envelope().recipients()) {
      addresses.add(mailboxes.normalise(r));
    }
    List<MessageJson.MailboxPlace> places = new ArrayList<>();
    for (String address : addresses) {
      Optional<Mailbox> mailbox = mailboxes.find(address);
      if (mailbox.isEmpty()) {
        continue;
      }
      for (Folder folder : mailbox.get().folders()) {
        for (MailboxMessage mm : folder.messages()) {
          if (mm.mail() == m) {
            places.add(new MessageJson.MailboxPlace(address, folder.name(), mm));
          }
        }
      }
    }
    return places;
  }

  static String safeType(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    if (!MIME_TYPE.matcher(t).matches() || UNSAFE_TYPES.contains(t)) {
      return "application/octet-stream";
    }
    return t;
  }

  /** {@code attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266). */
  static String contentDisposition(String name) {
    StringBuilder pct = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        pct.append((char) c);
      } else {
        pct.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return "attachment; filename=\"" + asciiFileName(name) + "\"; filename*=UTF-8''" + pct;
  }

  /** The name with every character that is not printable ASCII, or is a quote or slash, as _. */
  static String asciiFileName(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/' ? '_' : c);
    }
    return sb.toString();
  }
}
