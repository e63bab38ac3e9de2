package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.smtp.Messages;
import dev.fakemail.bench.smtp.SmtpClient;
import dev.fakemail.bench.target.FakeMailTarget;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Item 4, delivery latency: from the moment the client has read the final {@code 250} after DATA to
 * the moment a thread that was already blocked in the server's wait API returns (FakeMail: {@code
 * inbox().awaitMessage(subject(s))}; GreenMail: {@code waitForIncomingEmail(timeout, 1)} then
 * {@code getReceivedMessages()} and the subject check). Both clocks are {@link System#nanoTime()}
 * in the same JVM. Negative values mean the message was visible before the client had read its 250
 * (both servers store before they reply).
 */
public final class Latency {
  public static final String ID = "latency";
  private static final String SECTION = "4. Delivery latency (final 250 → wait returns)";

  private Latency() {}

  /** Runs one child per server and adds rows 4a (p50) and 4b (p99). */
  public static void run(Context ctx) {
    Row p50 = Row.lowerIsBetter("4a", "1 KB message, waiter already blocked: p50");
    Row p99 = Row.lowerIsBetter("4b", "… p99");
    String samples = ctx.quick() ? "200" : "1000";
    for (String server : List.of(FakeMailTarget.ID, GreenMailTarget.ID)) {
      ctx.log("latency: " + server);
      String label = "latency-" + server;
      try {
        Map<String, String> m =
            ctx.children()
                .run(
                    label,
                    ctx.jvmArgs(label, server, List.of("-Xmx1g")),
                    Duration.ofMinutes(3),
                    "latency",
                    server,
                    samples);
        String detail =
            String.format(
                Locale.ROOT,
                "%s samples after 200 warm-up; p50 %s µs, p90 %s, p99 %s, max %s; %s of them"
                    + " negative (visible before the client read 250)",
                m.get("n"),
                fmt(m, "p50"),
                fmt(m, "p90"),
                fmt(m, "p99"),
                fmt(m, "max"),
                m.get("negative"));
        Lifecycle.set(p50, server, Measurement.of(Lifecycle.num(m, "p50"), "µs", detail));
        Lifecycle.set(p99, server, Measurement.of(Lifecycle.num(m, "p99"), "µs", ""));
      } catch (Exception e) {
        Lifecycle.set(p50, server, Measurement.error(e.getMessage()));
        Lifecycle.set(p99, server, Measurement.error(e.getMessage()));
      }
    }
    Results.Section section = ctx.results().section(SECTION);
    section.add(p50).add(p99);
  }

  private static String fmt(Map<String, String> m, String key) {
    return Measurement.format(Double.parseDouble(m.get(key)));
  }

  /** The child side: one connection, one waiter thread, {@code samples} messages. */
  public static void child(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    int samples = Integer.parseInt(args[1]);
    int warmup = 200;
    SynchronousQueue<String> work = new SynchronousQueue<>();
    SynchronousQueue<Long> returned = new SynchronousQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    byte[] body = Messages.textBody(1024, Messages.textHead("lat-0000").length);
    try (RunningServer server = target.start(EnumSet.of(Protocol.SMTP));
        SmtpClient client =
            SmtpClient.connect(
                server.host(),
                server.smtpPort(),
                SmtpClient.Mode.AUTO,
                Messages.FROM,
                Messages.TO)) {
      Thread waiter =
          new Thread(
              () -> {
                try {
                  while (true) {
                    String id = work.take();
                    if (id.isEmpty()) {
                      return;
                    }
                    server.awaitOne(Messages.subject(id), Duration.ofSeconds(10));
                    returned.put(System.nanoTime());
                  }
                } catch (Throwable t) {
                  failure.set(t);
                  returned.offer(-1L);
                }
              },
              "bench-waiter");
      waiter.setDaemon(true);
      waiter.start();
      List<Double> micros = new ArrayList<>();
      int negative = 0;
      for (int i = 0; i < warmup + samples; i++) {
        server.clear();
        String id = "lat-" + i;
        work.put(id);
        awaitBlocked(waiter);
        client.send(Messages.textHead(id), body, false);
        long replied = System.nanoTime();
        Long back = returned.poll(15, TimeUnit.SECONDS);
        if (back == null || back < 0) {
          throw new IllegalStateException("waiter failed", failure.get());
        }
        if (i >= warmup) {
          double us = (back - replied) / 1e3;
          micros.add(us);
          if (us < 0) {
            negative++;
          }
        }
      }
      work.put("");
      Stats s = Stats.of(micros);
      Child.report("n", s.n());
      Child.report("p50", s.median());
      Child.report("p90", s.percentile(90));
      Child.report("p99", s.percentile(99));
      Child.report("max", s.max());
      Child.report("negative", negative);
    }
  }

  /** Waits (bounded) until the waiter thread is parked inside the server's timed wait. */
  private static void awaitBlocked(Thread waiter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (waiter.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waiter never blocked: " + waiter.getState());
      }
      Thread.onSpinWait();
    }
  }
}
