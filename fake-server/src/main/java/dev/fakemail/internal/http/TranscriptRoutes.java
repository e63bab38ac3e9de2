package dev.fakemail.internal.http;

import dev.fakemail.ReceivedMail;
import dev.fakemail.Transcript;
import dev.fakemail.internal.store.MailStore;
import dev.fakemail.internal.transcript.TranscriptLog;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The handlers of {@code /api/v1/transcripts…} and of a message's transcript. */
final class TranscriptRoutes {
  private static final List<String> OUTCOMES = List.of("open", "delivered", "rejected", "no_mail");
  private static final List<String> PROTOCOLS =
      List.of("smtp", "smtps", "lmtp", "pop3", "pop3s", "imap", "imaps");

  private final MailStore store;
  private final MessageRoutes messages;

  TranscriptRoutes(MailStore store, MessageRoutes messages) {
    this.store = store;
    this.messages = messages;
  }

  /**
   * {@code GET /api/v1/transcripts}: every kept transcript, oldest first; {@code inbox} for an
   * address inbox's, {@code outcome} and {@code protocol} to narrow them.
   */
  void list(Exchange ex) {
    Query q = ex.query().allowOnly(List.of("inbox", "outcome", "protocol"));
    Optional<String> inbox = inbox(q);
    Optional<String> outcome = q.oneOf("outcome", OUTCOMES);
    Optional<String> protocol = q.oneOf("protocol", PROTOCOLS);
    TranscriptLog log = store.transcripts();
    List<Transcript> all = inbox.isPresent() ? log.list(inbox.get()) : log.list();
    List<Transcript> matching = new ArrayList<>(all.size());
    for (Transcript t : all) {
      if (outcome.isPresent() && !t.outcome().name().equalsIgnoreCase(outcome.get())) {
        continue;
      }
      if (protocol.isPresent() && !t.protocol().name().equalsIgnoreCase(protocol.get())) {
        continue;
      }
      matching.add(t);
    }
    ex.json(HttpResponseStatus.OK, g -> TranscriptJson.list(g, matching));
  }

  /** {@code GET /api/v1/transcripts/{id}}: one transcript as recorded now. */
  void detail(Exchange ex) {
    Query q = ex.query().allowOnly(List.of("inbox"));
    Optional<String> inbox = inbox(q);
    String id = ex.pathParam("id");
    TranscriptLog log = store.transcripts();
    Transcript t =
        (inbox.isPresent() ? log.find(inbox.get(), id) : log.find(id))
            .orElseThrow(
                () ->
                    HttpProblem.notFound(
                        "No transcript with id "
                            + Query.quote(id)
                            + inbox.map(a -> " in the inbox of " + a).orElse("")));
    ex.json(HttpResponseStatus.OK, g -> TranscriptJson.transcript(g, t));
  }

  /**
   * {@code GET /api/v1/messages/{id}/transcript}: the session that delivered the message, as
   * recorded when it was stored ({@code ReceivedMail.transcript()}).
   */
  void ofMessage(Exchange ex) {
    ex.query().allowOnly(List.of());
    String id = ex.pathParam("id");
    ReceivedMail m = messages.find(ex);
    Transcript t =
        m.transcript()
            .orElseThrow(
                () ->
                    HttpProblem.notFound(
                        "Message "
                            + id
                            + " has no transcript: it did not come over SMTP or LMTP, or"
                            + " recording is off (maxTranscripts=0)"));
    ex.json(HttpResponseStatus.OK, g -> TranscriptJson.transcript(g, t));
  }

  private static Optional<String> inbox(Query q) {
    Optional<String> inbox = q.single("inbox");
    if (inbox.isPresent()) {
      String address = inbox.get().trim();
      if (address.isEmpty() || address.chars().anyMatch(c -> c <= ' ')) {
        throw Query.invalid("inbox", inbox.get(), "expected an inbox address");
      }
      return Optional.of(address);
    }
    return inbox;
  }
}
