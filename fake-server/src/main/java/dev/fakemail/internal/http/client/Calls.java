package dev.fakemail.internal.http.client;

import java.util.concurrent.CancellationException;

/**
 * Runs a request the way the embedded server runs the same call, which never blocks: a thread whose
 * interrupt flag is already set still gets its answer (and keeps the flag); only an interrupt while
 * the request is out cancels it.
 */
final class Calls {
  private Calls() {}

  /** A request that may be interrupted. */
  interface Request<T> {
    T send() throws InterruptedException;
  }

  static <T> T run(String interruptedMessage, Request<T> request) {
    boolean interrupted = Thread.interrupted();
    try {
      return request.send();
    } catch (InterruptedException e) {
      interrupted = true;
      throw cancelled(interruptedMessage, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static CancellationException cancelled(String message, InterruptedException cause) {
    CancellationException e = new CancellationException(message);
    e.initCause(cause);
    return e;
  }
}
