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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Item 5, memory: heap retained by stored messages, per raw byte received. One fresh child JVM per
 * server and scenario (Parallel collector, no {@code -Xms}). The figure is the growth of the class
 * histogram's total (the diagnostic command behind {@code jcmd GC.class_histogram}, which runs a
 * full GC first and then sums the sizes of live objects) between a baseline taken after a warm-up
 * and the point where every message is stored; it also says which classes grew. The used heap after
 * three {@code System.gc()} calls (MemoryMXBean) is reported beside it as a cross-check.
 */
public final class Memory {
  public static final String ID = "memory";
  private static final String SECTION = "5. Memory (retained heap ÷ raw message bytes)";

  private Memory() {}

  /** Runs both scenarios for both servers. */
  public static void run(Context ctx) {
    Row text =
        Row.lowerIsBetter("5a", "10,000 stored 5 KB text messages")
            .target(Target.atMost(1.1, "× raw"));
    Row textRead = Row.lowerIsBetter("5b", "… the same after reading every message's subject once");
    Row attach =
        Row.lowerIsBetter("5c", "20 stored messages with a 5 MB attachment (base64)")
            .target(Target.atMost(1.1, "× raw"));
    int textCount = ctx.quick() ? 2000 : 10_000;
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String server : List.of(FakeMailTarget.ID, GreenMailTarget.ID)) {
      for (String kind : List.of("text", "attachment")) {
        String label = "memory-" + kind + "-" + server;
        ctx.log("memory: " + kind + " " + server);
        try {
          Map<String, String> m =
              ctx.children()
                  .run(
                      label,
                      ctx.jvmArgs(label, server, List.of("-XX:+UseParallelGC", "-Xmx4g")),
                      Duration.ofMinutes(3),
                      "memory",
                      server,
                      kind,
                      kind.equals("text") ? Integer.toString(textCount) : "20");
          extra.put(label, m);
          Row row = kind.equals("text") ? text : attach;
          Lifecycle.set(row, server, ratio(m, "retained"));
          if (kind.equals("text")) {
            Lifecycle.set(textRead, server, ratio(m, "retainedAfterRead"));
          }
        } catch (Exception e) {
          Lifecycle.set(
              kind.equals("text") ? text : attach, server, Measurement.error(e.getMessage()));
        }
      }
    }
    ctx.results().extra("memory", extra);
    Results.Section section = ctx.results().section(SECTION);
    section.add(text).add(textRead).add(attach);
  }

  private static Measurement ratio(Map<String, String> m, String which) {
    if (!"ok".equals(m.get("check"))) {
      return Measurement.error("count check: " + m.get("check"));
    }
    double retained = Lifecycle.num(m, which + "Histogram");
    double usedHeap = Lifecycle.num(m, which);
    double raw = Lifecycle.num(m, "rawBytes");
    double count = Lifecycle.num(m, "count");
    return Measurement.of(
        retained / raw,
        "× raw",
        String.format(
            Locale.ROOT,
            "%s MiB live objects added for %s MiB raw, %s bytes per message (class histogram"
                + " after full GC); used heap after System.gc() says %s× (%s MiB); biggest"
                + " growth: %s",
            Measurement.format(retained / (1 << 20)),
            Measurement.format(raw / (1 << 20)),
            Measurement.format(retained / count),
            Measurement.format(usedHeap / raw),
            Measurement.format(usedHeap / (1 << 20)),
            m.get(which + "Top")));
  }

  /** The child side: {@code memory <server> text|attachment <count>}. */
  public static void child(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    boolean attachment = args[1].equals("attachment");
    int count = Integer.parseInt(args[2]);
    byte[] body =
        attachment
            ? Messages.attachmentBody(5 * 1024 * 1024)
            : Messages.textBody(5 * 1024, Messages.textHead("mem-00000").length);
    try (RunningServer server = target.start(EnumSet.of(Protocol.SMTP))) {
      // Warm up the paths (class loading, pools) and forget it again.
      send(server, "warm", 20, attachment, body);
      server.clear();
      long baseline = usedAfterGc();
      Map<String, long[]> histoBefore = histogram();
      long raw = send(server, "mem", count, attachment, body);
      long stored = server.storedCount();
      long after = usedAfterGc();
      Map<String, long[]> histoAfter = histogram();
      Child.report("check", stored == count ? "ok" : "sent " + count + ", stored " + stored);
      Child.report("count", count);
      Child.report("rawBytes", raw);
      Child.report("baselineUsed", baseline);
      Child.report("afterUsed", after);
      Child.report("retained", after - baseline);
      Child.report("retainedHistogram", total(histoAfter) - total(histoBefore));
      Child.report("retainedTop", top(histoBefore, histoAfter));
      Child.report("rssKiB", rssKiB());
      if (!attachment) {
        // What a test does next: look at the messages. Parsed views that a server caches count.
        List<String> subjects = server.storedHeaderValues("Subject");
        if (subjects.size() != count) {
          throw new IllegalStateException("read " + subjects.size() + " subjects");
        }
        subjects = null;
        long read = usedAfterGc();
        Map<String, long[]> histoRead = histogram();
        Child.report("retainedAfterRead", read - baseline);
        Child.report("retainedAfterReadHistogram", total(histoRead) - total(histoBefore));
        Child.report("retainedAfterReadTop", top(histoBefore, histoRead));
      }
    }
  }

  private static long send(
      RunningServer server, String prefix, int count, boolean multipart, byte[] body)
      throws Exception {
    long raw = 0;
    try (SmtpClient client =
        SmtpClient.connect(
            server.host(), server.smtpPort(), SmtpClient.Mode.AUTO, Messages.FROM, Messages.TO)) {
      for (int i = 0; i < count; i++) {
        String id = String.format(Locale.ROOT, "%s-%05d", prefix, i);
        byte[] head = multipart ? Messages.multipartHead(id) : Messages.textHead(id);
        client.send(head, body, i + 1 < count);
        raw += head.length + body.length;
      }
      client.quit();
    }
    return raw;
  }

  /** Used heap after three full collections with a pause between (lets finalizers/cleaners run). */
  static long usedAfterGc() throws InterruptedException {
    MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return bean.getHeapMemoryUsage().getUsed();
  }

  /** Class → {instances, bytes}, from the GC.class_histogram diagnostic command (a full GC). */
  static Map<String, long[]> histogram() throws Exception {
    ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    name,
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> histo = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        histo.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return histo;
  }

  private static long total(Map<String, long[]> histo) {
    long t = 0;
    for (long[] v : histo.values()) {
      t += v[1];
    }
    return t;
  }

  /** The four classes whose bytes grew most: {@code byte[] +48.9 MiB (10,020), …}. */
  private static String top(Map<String, long[]> before, Map<String, long[]> after) {
    List<Map.Entry<String, long[]>> growth = new ArrayList<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      growth.add(
          Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
    }
    growth.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(4, growth.size()); i++) {
      Map.Entry<String, long[]> e = growth.get(i);
      sb.append(i > 0 ? ", " : "")
          .append(pretty(e.getKey()))
          .append(" +")
          .append(Measurement.format(e.getValue()[1] / (1024.0 * 1024.0)))
          .append(" MiB (")
          .append(String.format(Locale.ROOT, "%,d", e.getValue()[0]))
          .append(")");
    }
    return sb.toString();
  }

  private static String pretty(String jvmName) {
    switch (jvmName) {
      case "[B":
        return "byte[]";
      case "[C":
        return "char[]";
      case "[I":
        return "int[]";
      case "[Ljava.lang.Object;":
        return "Object[]";
      default:
        return jvmName;
    }
  }

  private static long rssKiB() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
