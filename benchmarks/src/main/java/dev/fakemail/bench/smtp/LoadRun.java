package dev.fakemail.bench.smtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N client threads, each on its own connection (reused, or a new one per message), sending until a
 * deadline or a message cap, whichever comes first. Every message has a unique id: {@code
 * <run>-<thread>-<seq>}.
 *
 * <p>The rate is messages whose final {@code 250} was read, divided by the time from the start
 * signal until the last thread finished its last message (so messages in flight at the deadline are
 * counted and so is the time they took).
 */
public final class LoadRun {
  /** What to run. */
  public static final class Spec {
    final String host;
    final int port;
    final int connections;
    final boolean reuse;
    final SmtpClient.Mode mode;
    final byte[] body;
    final boolean multipart;
    final Duration duration;
    final int maxPerConnection;
    final String runId;

    /**
     * @param connections client threads, one connection each at a time
     * @param reuse one connection per thread for all its messages, or a new one per message
     * @param body the shared body (see {@link Messages})
     * @param multipart whether the body is a {@link Messages#attachmentBody}
     * @param duration how long to keep starting messages
     * @param maxPerConnection the most messages one thread sends
     * @param runId prefix of the message ids
     */
    public Spec(
        String host,
        int port,
        int connections,
        boolean reuse,
        SmtpClient.Mode mode,
        byte[] body,
        boolean multipart,
        Duration duration,
        int maxPerConnection,
        String runId) {
      this.host = host;
      this.port = port;
      this.connections = connections;
      this.reuse = reuse;
      this.mode = mode;
      this.body = body;
      this.multipart = multipart;
      this.duration = duration;
      this.maxPerConnection = maxPerConnection;
      this.runId = runId;
    }
  }

  /** What happened. */
  public static final class Result {
    public final long accepted;
    public final long bytes;
    public final long elapsedNanos;
    public final boolean pipelined;
    public final List<String> errors;

    Result(long accepted, long bytes, long elapsedNanos, boolean pipelined, List<String> errors) {
      this.accepted = accepted;
      this.bytes = bytes;
      this.elapsedNanos = elapsedNanos;
      this.pipelined = pipelined;
      this.errors = errors;
    }

    /** Accepted messages per second. */
    public double rate() {
      return accepted / (elapsedNanos / 1e9);
    }

    /** Accepted payload in MiB per second. */
    public double mibPerSecond() {
      return bytes / (elapsedNanos / 1e9) / (1024.0 * 1024.0);
    }
  }

  private LoadRun() {}

  /** Runs the load and returns when every client thread has finished (bounded). */
  public static Result run(Spec spec) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(spec.connections);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong accepted = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong lastEnd = new AtomicLong();
    AtomicBoolean pipelined = new AtomicBoolean();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    long[] start = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < spec.connections; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  long deadline = start[0] + spec.duration.toNanos();
                  clientLoop(spec, thread, deadline, accepted, bytes, pipelined);
                } catch (Exception e) {
                  errors.add("client " + thread + ": " + e);
                } finally {
                  lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
              },
              "bench-client-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    ready.await(30, TimeUnit.SECONDS);
    start[0] = System.nanoTime();
    go.countDown();
    long joinDeadline = System.nanoTime() + spec.duration.toNanos() + TimeUnit.SECONDS.toNanos(120);
    for (Thread th : threads) {
      long left = joinDeadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(th, left);
      }
      if (th.isAlive()) {
        errors.add(th.getName() + " did not finish in time");
      }
    }
    return new Result(
        accepted.get(), bytes.get(), lastEnd.get() - start[0], pipelined.get(), errors);
  }

  private static void clientLoop(
      Spec spec,
      int thread,
      long deadline,
      AtomicLong accepted,
      AtomicLong bytes,
      AtomicBoolean pipelined)
      throws Exception {
    String prefix = spec.runId + "-" + thread + "-";
    if (spec.reuse) {
      try (SmtpClient client =
          SmtpClient.connect(spec.host, spec.port, spec.mode, Messages.FROM, Messages.TO)) {
        pipelined.set(client.pipelining());
        boolean more = true;
        for (int seq = 0; more; seq++) {
          more = seq + 1 < spec.maxPerConnection && System.nanoTime() < deadline;
          byte[] head = head(spec, prefix + seq);
          client.send(head, spec.body, more);
          accepted.incrementAndGet();
          bytes.addAndGet(head.length + spec.body.length);
        }
        client.quit();
      }
    } else {
      for (int seq = 0; seq < spec.maxPerConnection && System.nanoTime() < deadline; seq++) {
        byte[] head = head(spec, prefix + seq);
        try (SmtpClient client =
            SmtpClient.connect(spec.host, spec.port, spec.mode, Messages.FROM, Messages.TO)) {
          pipelined.set(client.pipelining());
          client.sendAndQuit(head, spec.body);
        }
        accepted.incrementAndGet();
        bytes.addAndGet(head.length + spec.body.length);
      }
    }
  }

  private static byte[] head(Spec spec, String id) {
    return spec.multipart ? Messages.multipartHead(id) : Messages.textHead(id);
  }
}
