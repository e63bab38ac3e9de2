package dev.fakemail.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The server-level routes: health ({@code /livez}, {@code /readyz}) and new inboxes. */
final class ServerRoutes {
  private final HttpBackend backend;

  ServerRoutes(HttpBackend backend) {
    this.backend = backend;
  }

  /** {@code GET /livez}: the process answers. */
  void live(Exchange ex) {
    ex.query().allowOnly(List.of());
    ex.json(
        HttpResponseStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "UP");
          g.writeEndObject();
        });
  }

  /** {@code GET /readyz}: 200 with the ports once every listener is bound, 503 before. */
  void ready(Exchange ex) {
    ex.query().allowOnly(List.of());
    Optional<Map<String, Integer>> listeners = backend.readyListeners();
    if (listeners.isEmpty()) {
      ex.json(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          g -> {
            g.writeStartObject();
            g.writeStringField("status", "DOWN");
            g.writeEndObject();
          });
      return;
    }
    ex.json(
        HttpResponseStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "UP");
          g.writeObjectFieldStart("listeners");
          for (Map.Entry<String, Integer> e : listeners.get().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** {@code POST /api/v1/inboxes}: a fresh isolated inbox address, like server.newInbox(). */
  void newInbox(Exchange ex) {
    ex.query().allowOnly(List.of());
    String address = backend.newInboxAddress();
    ex.json(
        HttpResponseStatus.CREATED,
        g -> {
          g.writeStartObject();
          g.writeStringField("address", address);
          g.writeEndObject();
        });
  }
}
