package dev.fakemail.internal.http.client;

import dev.fakemail.Protocol;
import dev.fakemail.Transcript;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Transcript} from the HTTP API's JSON (schema {@code Transcript}). */
final class TranscriptJson {
  private TranscriptJson() {}

  static Transcript transcript(Map<String, Object> json) {
    Protocol protocol;
    try {
      protocol = Protocol.valueOf(MailJson.text(json, "protocol"));
    } catch (IllegalArgumentException e) {
      throw MailJson.malformed("protocol", json.get("protocol"));
    }
    Transcript.Builder b =
        Transcript.builder(MailJson.text(json, "id"), protocol, instant(json, "startedAt"));
    String client = MailJson.optionalText(json, "clientAddress");
    b.clientAddress(client == null ? null : MailJson.socketAddress(client));
    b.endedAt(json.get("endedAt") == null ? null : instant(json, "endedAt"));
    b.user(MailJson.optionalText(json, "user"));
    b.recipients(strings(json, "recipients"));
    b.messageIds(strings(json, "messageIds"));
    b.rulesFired(strings(json, "rulesFired"));
    List<Transcript.Refusal> refusals = new ArrayList<>();
    for (Object r : MailJson.array(json, "refusals")) {
      Map<String, Object> refusal = MailJson.object(r, "refusals");
      refusals.add(
          Transcript.Refusal.of(
              instant(refusal, "at"),
              MailJson.text(refusal, "command"),
              (int) MailJson.number(refusal, "code"),
              MailJson.text(refusal, "reply"),
              strings(refusal, "recipients")));
    }
    b.refusals(refusals);
    Object truncated = json.get("truncated");
    if (!(truncated instanceof Boolean)) {
      throw MailJson.malformed("truncated", truncated);
    }
    b.truncated((Boolean) truncated);
    List<Transcript.Entry> entries = new ArrayList<>();
    for (Object e : MailJson.array(json, "entries")) {
      Map<String, Object> entry = MailJson.object(e, "entries");
      Transcript.Direction direction;
      try {
        direction = Transcript.Direction.valueOf(MailJson.text(entry, "direction"));
      } catch (IllegalArgumentException x) {
        throw MailJson.malformed("direction", entry.get("direction"));
      }
      entries.add(
          Transcript.Entry.of(instant(entry, "at"), direction, MailJson.text(entry, "text")));
    }
    b.entries(entries);
    return b.build();
  }

  static List<Transcript> list(Map<String, Object> json) {
    List<Transcript> all = new ArrayList<>();
    for (Object t : MailJson.array(json, "transcripts")) {
      all.add(transcript(MailJson.object(t, "transcripts")));
    }
    return List.copyOf(all);
  }

  private static Instant instant(Map<String, Object> json, String field) {
    try {
      return Instant.parse(MailJson.text(json, field));
    } catch (DateTimeParseException e) {
      throw MailJson.malformed(field, json.get(field));
    }
  }

  private static List<String> strings(Map<String, Object> json, String field) {
    List<String> values = new ArrayList<>();
    for (Object v : MailJson.array(json, field)) {
      if (!(v instanceof String)) {
        throw MailJson.malformed(field, json.get(field));
      }
      values.add((String) v);
    }
    return values;
  }
}
