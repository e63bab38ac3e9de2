package dev.fakemail.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fakemail.Transcript;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The JSON of a {@link Transcript} (schema {@code Transcript} in {@code openapi.json}). */
final class TranscriptJson {
  private TranscriptJson() {}

  static void transcript(JsonGenerator g, Transcript t) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", t.id());
    g.writeStringField("protocol", t.protocol().name());
    InetSocketAddress client = t.clientAddress();
    Json.stringOrNull(
        g,
        "clientAddress",
        client == null ? null : hostPort(client.getAddress().getHostAddress(), client.getPort()));
    g.writeStringField("startedAt", Json.instant(t.startedAt()));
    Json.stringOrNull(g, "endedAt", t.endedAt().map(Json::instant).orElse(null));
    g.writeStringField("outcome", t.outcome().name());
    Json.stringOrNull(g, "user", t.user().orElse(null));
    strings(g, "recipients", t.recipients());
    strings(g, "messageIds", t.messageIds());
    strings(g, "rulesFired", t.rulesFired());
    g.writeArrayFieldStart("refusals");
    for (Transcript.Refusal r : t.refusals()) {
      g.writeStartObject();
      g.writeStringField("at", Json.instant(r.at()));
      g.writeStringField("command", r.command());
      g.writeNumberField("code", r.code());
      g.writeStringField("reply", r.reply());
      strings(g, "recipients", r.recipients());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeBooleanField("truncated", t.isTruncated());
    g.writeArrayFieldStart("entries");
    for (Transcript.Entry e : t.entries()) {
      g.writeStartObject();
      g.writeStringField("at", Json.instant(e.at()));
      g.writeStringField("direction", e.direction().name());
      g.writeStringField("text", e.text());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  static void list(JsonGenerator g, List<Transcript> transcripts) throws IOException {
    g.writeStartObject();
    g.writeNumberField("total", transcripts.size());
    g.writeArrayFieldStart("transcripts");
    for (Transcript t : transcripts) {
      transcript(g, t);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** {@code 127.0.0.1:53211}, {@code [::1]:53211}: as the envelope's client address. */
  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
