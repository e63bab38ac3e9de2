package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import dev.fakemail.bench.smtp.Messages;
import dev.fakemail.bench.target.FakeMailTarget;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 6a, retrieval over POP3: 10,000 stored 1 KB messages, seeded with each server's own API
 * (FakeMail {@code deliver}, GreenMail {@code setUser(...).deliver(MimeMessage)}), then one POP3
 * session that logs in and sends {@code RETR 1} … {@code RETR N} lock-step, as Jakarta Mail's POP3
 * provider does: each command waits for the whole previous answer. Every RETR is timed from the
 * write of the command to the read of the terminating dot line, and every message's bytes
 * (un-dot-stuffed) are compared with the bytes seeded. A session stops early after {@link
 * #BUDGET_MS} so a slow server cannot stall the run; the figure is per RETR either way.
 */
public final class Retrieval {
  public static final String ID = "retrieval";
  public static final String SECTION = "6. Retrieval";
  private static final int MESSAGES = 10_000;
  private static final long BUDGET_MS = 5_000;
  private static final String USER = "reader@server.test";
  private static final String PASSWORD = "secret";

  private Retrieval() {}

  /** Adds row 6a. */
  public static void run(Context ctx) {
    Row row =
        Row.lowerIsBetter(
                "6a",
                "POP3 lock-step RETR of 10,000 stored 1 KB messages, one session: per RETR"
                    + " (median)")
            .target(Target.atMostVsGreenMail(0.5, 44, "ms"));
    Row total =
        Row.lowerIsBetter("6a′", "… the whole session's RETRs (GreenMail: projected to 10,000)");
    ctx.results().section(SECTION).add(row).add(total);
    int count = ctx.quick() ? 1_000 : MESSAGES;
    for (String server : List.of(FakeMailTarget.ID, GreenMailTarget.ID)) {
      ctx.log("retrieval: POP3 RETR, " + server);
      String label = "retrieval-" + server;
      Measurement perRetr;
      Measurement whole;
      try {
        Map<String, String> m =
            ctx.children()
                .run(
                    label,
                    ctx.jvmArgs(label, server, List.of("-Xmx1g")),
                    Duration.ofSeconds(120),
                    "retrieval",
                    server,
                    Integer.toString(count),
                    Long.toString(BUDGET_MS));
        double retrieved = Lifecycle.num(m, "retrieved");
        double matched = Lifecycle.num(m, "matched");
        String detail =
            String.format(
                Locale.ROOT,
                "%.0f messages seeded in %s ms; %.0f RETRs in one session%s; per RETR p50 %s ms,"
                    + " p90 %s, p99 %s, max %s; bytes identical to those seeded for %.0f of %.0f%s",
                Lifecycle.num(m, "seeded"),
                Measurement.format(Lifecycle.num(m, "seedMs")),
                retrieved,
                retrieved < count
                    ? " (stopped at the " + BUDGET_MS / 1000 + "-s budget)"
                    : " (all of them)",
                Measurement.format(Lifecycle.num(m, "p50")),
                Measurement.format(Lifecycle.num(m, "p90")),
                Measurement.format(Lifecycle.num(m, "p99")),
                Measurement.format(Lifecycle.num(m, "max")),
                matched,
                retrieved,
                matched < retrieved ? " (first difference: " + m.get("firstDifference") + ")" : "");
        perRetr = Measurement.of(Lifecycle.num(m, "p50"), "ms", detail);
        double totalMs = Lifecycle.num(m, "totalMs");
        if (retrieved < count) {
          whole =
              Measurement.of(
                  totalMs / retrieved * count / 1000,
                  "s",
                  String.format(
                      Locale.ROOT,
                      "projected: %.0f RETRs took %s s, × %d ÷ %.0f",
                      retrieved,
                      Measurement.format(totalMs / 1000),
                      count,
                      retrieved));
        } else {
          whole =
              Measurement.of(
                  totalMs / 1000,
                  "s",
                  String.format(Locale.ROOT, "%.0f RETRs, measured", retrieved));
        }
        if (matched < retrieved && server.equals(FakeMailTarget.ID)) {
          perRetr = Measurement.error("bytes differ: " + detail);
        }
      } catch (Exception e) {
        perRetr = Measurement.error(e.getMessage());
        whole = Measurement.error(e.getMessage());
      }
      Lifecycle.set(row, server, perRetr);
      Lifecycle.set(total, server, whole);
    }
  }

  /** The child side: {@code server count budgetMs}. */
  public static void child(String[] args) throws Exception {
    ServerTarget target = ServerTarget.byId(args[0]);
    int count = Integer.parseInt(args[1]);
    long budgetNanos = Long.parseLong(args[2]) * 1_000_000L;
    List<byte[]> messages = seedMessages("pop", count);
    try (RunningServer server = target.start(EnumSet.of(Protocol.SMTP, Protocol.POP3))) {
      long s0 = System.nanoTime();
      server.seedMailbox(USER, USER, PASSWORD, messages);
      Child.report("seedMs", (System.nanoTime() - s0) / 1e6);
      Child.report("seeded", count);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(server.host(), server.port(Protocol.POP3)), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
        OutputStream out = socket.getOutputStream();
        expectOk(readLine(in), "greeting");
        expectOk(command(out, in, "USER " + USER), "USER");
        expectOk(command(out, in, "PASS " + PASSWORD), "PASS");
        String stat = command(out, in, "STAT");
        expectOk(stat, "STAT");
        int listed = Integer.parseInt(stat.split(" ")[1]);
        if (listed != count) {
          throw new IllegalStateException("STAT says " + listed + " messages, seeded " + count);
        }
        List<Double> millis = new ArrayList<>(count);
        int matched = 0;
        String firstDifference = "none";
        ByteArrayOutputStream message = new ByteArrayOutputStream(2048);
        long t0 = System.nanoTime();
        for (int i = 1; i <= count && System.nanoTime() - t0 < budgetNanos; i++) {
          message.reset();
          long r0 = System.nanoTime();
          out.write(("RETR " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          expectOk(readLine(in), "RETR " + i);
          readMultiLine(in, message);
          millis.add((System.nanoTime() - r0) / 1e6);
          byte[] got = message.toByteArray();
          byte[] want = messages.get(i - 1);
          if (Arrays.equals(got, want)) {
            matched++;
          } else if (firstDifference.equals("none")) {
            firstDifference = describe(i, got, want);
          }
        }
        long t1 = System.nanoTime();
        command(out, in, "QUIT");
        Stats s = Stats.of(millis);
        Child.report("retrieved", s.n());
        Child.report("matched", matched);
        Child.report("firstDifference", firstDifference);
        Child.report("totalMs", (t1 - t0) / 1e6);
        Child.report("p50", s.median());
        Child.report("p90", s.percentile(90));
        Child.report("p99", s.percentile(99));
        Child.report("max", s.max());
      }
    }
  }

  /**
   * {@code count} 1 KB text messages with ids {@code <prefix>-00000}, … (every head the same
   * length, one shared body), as both retrieval rows seed them.
   */
  static List<byte[]> seedMessages(String prefix, int count) {
    List<byte[]> messages = new ArrayList<>(count);
    int headSize = Messages.textHead(prefix + "-00000").length;
    byte[] body = Messages.textBody(1024, headSize);
    for (int i = 0; i < count; i++) {
      byte[] head = Messages.textHead(String.format(Locale.ROOT, "%s-%05d", prefix, i));
      byte[] raw = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, raw, head.length, body.length);
      messages.add(raw);
    }
    return messages;
  }

  private static String describe(int number, byte[] got, byte[] want) {
    int at = Arrays.mismatch(got, want);
    String gotText = excerpt(got, at);
    String wantText = excerpt(want, at);
    return String.format(
        Locale.ROOT,
        "message %d, %d bytes back for %d seeded, from byte %d: got \"%s\", seeded \"%s\"",
        number,
        got.length,
        want.length,
        at,
        gotText,
        wantText);
  }

  private static String excerpt(byte[] b, int at) {
    int from = Math.max(0, Math.min(at, b.length));
    int to = Math.min(b.length, from + 40);
    return new String(b, from, to - from, StandardCharsets.US_ASCII)
        .replace("\r", "\\r")
        .replace("\n", "\\n");
  }

  private static String command(OutputStream out, InputStream in, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readLine(in);
  }

  private static void expectOk(String line, String what) {
    if (!line.startsWith("+OK")) {
      throw new IllegalStateException(what + " answered: " + line);
    }
  }

  /** One CRLF-terminated line without its terminator; at most 64 KiB. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int prev = -1;
    for (int n = 0; n < 65536; n++) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (prev == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
      }
      line.write(b);
      prev = b;
    }
    throw new IOException("line too long");
  }

  /**
   * The lines of a multi-line answer up to the terminating {@code .} line, each with its CRLF, dots
   * unstuffed; at most 10 MiB.
   */
  private static void readMultiLine(InputStream in, ByteArrayOutputStream into) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    for (int total = 0; total < 10 << 20; ) {
      line.reset();
      int prev = -1;
      for (int n = 0; ; n++) {
        int b = in.read();
        if (b < 0 || n >= 65536) {
          throw new IOException("connection closed or line over 64 KiB in a multi-line answer");
        }
        line.write(b);
        total++;
        if (prev == '\r' && b == '\n') {
          break;
        }
        prev = b;
      }
      byte[] l = line.toByteArray();
      if (l.length == 3 && l[0] == '.') {
        return;
      }
      if (l[0] == '.') {
        into.write(l, 1, l.length - 1);
      } else {
        into.write(l, 0, l.length);
      }
    }
    throw new IOException("multi-line answer over 10 MiB");
  }
}
