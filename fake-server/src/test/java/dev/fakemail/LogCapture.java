package dev.fakemail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the server logs through {@code System.Logger} (backed by java.util.logging in the
 * tests) under the given logger names, for tests that check the one line a failure logs.
 */
final class LogCapture implements AutoCloseable {
  private final List<Logger> loggers = new ArrayList<>();
  private final LinkedBlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
  private final List<LogRecord> seen = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  LogCapture(String... loggerNames) {
    handler.setLevel(Level.ALL);
    for (String name : loggerNames) {
      Logger logger = Logger.getLogger(name);
      logger.addHandler(handler);
      loggers.add(logger); // keeps the logger (and its handler) strongly reachable
    }
  }

  /** Waits (at most {@code limit}) for a record whose message matches, and returns that message. */
  String await(Predicate<String> matching, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (LogRecord r : seen) {
      if (matching.test(r.getMessage())) {
        return r.getMessage();
      }
    }
    while (true) {
      long left = deadline - System.nanoTime();
      LogRecord r = left <= 0 ? null : records.poll(left, TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("No log line matched within " + limit + "; logged: " + messages());
      }
      seen.add(r);
      if (matching.test(r.getMessage())) {
        return r.getMessage();
      }
    }
  }

  /** Every message logged so far. */
  List<String> messages() {
    records.drainTo(seen);
    List<String> out = new ArrayList<>();
    for (LogRecord r : seen) {
      out.add(r.getMessage());
    }
    return out;
  }

  @Override
  public void close() {
    for (Logger logger : loggers) {
      logger.removeHandler(handler);
    }
  }
}
