package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import dev.fakemail.bench.smtp.Messages;
import dev.fakemail.bench.smtp.SmtpClient;
import dev.fakemail.bench.target.FakeMailTarget;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load check that counts: N messages from M threads, each thread on its own connection that it
 * replaces every K messages, then every stored message's {@code X-Bench-Id} compared with the set
 * sent: exactly N stored, none lost, none duplicated, nothing unexpected.
 */
public final class LoadCheck {
  public static final String ID = "load";
  private static final String SECTION = "Load check (lost + duplicated messages, must be 0)";

  private LoadCheck() {}

  /** Runs the check against both servers. */
  public static void run(Context ctx) {
    int n = ctx.quick() ? 2000 : 10_000;
    int threads = 16;
    int reconnectEvery = 50;
    Row row =
        Row.lowerIsBetter(
                "L",
                String.format(
                    Locale.ROOT,
                    "%,d × 1 KB from %d threads, new connection every %d messages",
                    n,
                    threads,
                    reconnectEvery))
            .target(Target.check());
    for (String server : List.of(FakeMailTarget.ID, GreenMailTarget.ID)) {
      ctx.log("load check: " + server);
      String label = "load-" + server;
      try {
        Map<String, String> m =
            ctx.children()
                .run(
                    label,
                    ctx.jvmArgs(label, server, List.of("-Xmx2g")),
                    Duration.ofMinutes(3),
                    "load",
                    server,
                    Integer.toString(n),
                    Integer.toString(threads),
                    Integer.toString(reconnectEvery));
        double problems =
            Lifecycle.num(m, "lost")
                + Lifecycle.num(m, "duplicated")
                + Lifecycle.num(m, "unexpected");
        Lifecycle.set(
            row,
            server,
            Measurement.of(
                problems,
                "lost+dup",
                String.format(
                    Locale.ROOT,
                    "%s sent, %s accepted, %s stored, %s distinct ids; lost %s, duplicated %s,"
                        + " unexpected %s; %s s%s",
                    m.get("sent"),
                    m.get("accepted"),
                    m.get("stored"),
                    m.get("distinct"),
                    m.get("lost"),
                    m.get("duplicated"),
                    m.get("unexpected"),
                    Measurement.format(Lifecycle.num(m, "seconds")),
                    m.containsKey("clientErrors")
                        ? "; client errors: " + m.get("clientErrors")
                        : "")));
      } catch (Exception e) {
        Lifecycle.set(row, server, Measurement.error(e.getMessage()));
      }
    }
    Results.Section section = ctx.results().section(SECTION);
    section.add(row);
  }

  /** The child side: {@code load <server> <n> <threads> <reconnectEvery>}. */
  public static void child(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    int n = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int reconnectEvery = Integer.parseInt(args[3]);
    byte[] body = Messages.textBody(1024, Messages.textHead("load-00-00000").length);
    AtomicLong accepted = new AtomicLong();
    List<String> errors = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (RunningServer server = target.start(EnumSet.of(Protocol.SMTP))) {
      long t0 = System.nanoTime();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        int from = (int) ((long) n * t / threads);
        int to = (int) ((long) n * (t + 1) / threads);
        Thread w =
            new Thread(
                () -> {
                  try {
                    int i = from;
                    while (i < to && System.nanoTime() < deadline) {
                      try (SmtpClient c =
                          SmtpClient.connect(
                              server.host(),
                              server.smtpPort(),
                              SmtpClient.Mode.AUTO,
                              Messages.FROM,
                              Messages.TO)) {
                        int end = Math.min(to, i + reconnectEvery);
                        for (; i < end; i++) {
                          c.send(Messages.textHead(id(i)), body, i + 1 < end);
                          accepted.incrementAndGet();
                        }
                        c.quit();
                      }
                    }
                  } catch (Exception e) {
                    synchronized (errors) {
                      errors.add("thread " + thread + ": " + e);
                    }
                  }
                },
                "bench-load-" + t);
        w.setDaemon(true);
        workers.add(w);
        w.start();
      }
      for (Thread w : workers) {
        long left = deadline - System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        TimeUnit.NANOSECONDS.timedJoin(w, Math.max(1, left));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      List<String> ids = server.storedHeaderValues(Messages.ID_HEADER);
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < n; i++) {
        expected.add(id(i));
      }
      Map<String, Integer> seen = new HashMap<>();
      int unexpected = 0;
      for (String id : ids) {
        if (id == null || !expected.contains(id.trim())) {
          unexpected++;
        } else {
          seen.merge(id.trim(), 1, Integer::sum);
        }
      }
      int duplicated = 0;
      for (int c : seen.values()) {
        duplicated += c - 1;
      }
      Child.report("sent", n);
      Child.report("accepted", accepted.get());
      Child.report("stored", ids.size());
      Child.report("distinct", seen.size());
      Child.report("lost", n - seen.size());
      Child.report("duplicated", duplicated);
      Child.report("unexpected", unexpected);
      Child.report("seconds", seconds);
      if (!errors.isEmpty()) {
        Child.report("clientErrors", errors.size() + " (first: " + errors.get(0) + ")");
      }
    }
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "load-%06d", i);
  }
}
