package dev.fakemail.internal.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A PrintStream whose lines a test can await, with a timeout, and read back. */
final class Lines extends OutputStream {
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = current.toString(StandardCharsets.UTF_8);
      current.reset();
      all.add(line);
      queue.add(line);
    } else {
      current.write(b);
    }
  }

  /** The next line, waiting at most {@code timeout}. */
  String next(Duration timeout) throws InterruptedException {
    String line = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no line within " + timeout + "; so far: " + all());
    }
    return line;
  }

  /** Every complete line so far. */
  synchronized List<String> all() {
    return List.copyOf(all);
  }

  /** Everything written so far, complete lines and the unfinished one. */
  synchronized String text() {
    StringBuilder sb = new StringBuilder();
    all.forEach(l -> sb.append(l).append('\n'));
    return sb.append(current.toString(StandardCharsets.UTF_8)).toString();
  }
}
