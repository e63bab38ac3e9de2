package dev.fakemail.internal.http;

/**
 * Answers one route. Called on the connection's event loop; it must not block. It answers through
 * the exchange, at once or later (a long-poll, an event stream), from any thread.
 */
@FunctionalInterface
interface Handler {
  void handle(Exchange exchange) throws Exception;
}
