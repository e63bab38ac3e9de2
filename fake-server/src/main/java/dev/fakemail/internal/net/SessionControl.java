package dev.fakemail.internal.net;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.james.protocols.api.Response;

/**
 * What a protocol session may ask of the connection under it, beyond writing replies: hold the
 * session for a while, or drop the connection. Implemented by {@link SessionChannelHandler}, which
 * hands itself to sessions that implement {@link Aware}. Every method is called on the connection's
 * event loop.
 */
public interface SessionControl {

  /**
   * Holds the session for {@code delay} without blocking the event loop, then runs {@code action}
   * and writes the reply it returns (if any). Until then no line from the client is handled: lines
   * read meanwhile (pipelined commands) wait, in order, to be handled after the reply (past a few
   * hundred of them, reading stops until then). If the connection closes (the client hangs up, or
   * the server stops) first, {@code action} never runs.
   */
  void hold(Duration delay, Supplier<Response> action);

  /**
   * Closes the connection without a reply, after what was written so far; lines already read are
   * not handled.
   */
  void disconnect();

  /** A session that wants the control of its connection. */
  interface Aware {
    /** Called once, before the session's connect handlers run. */
    void control(SessionControl control);
  }
}
