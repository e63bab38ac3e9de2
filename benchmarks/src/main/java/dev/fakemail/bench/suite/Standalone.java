package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Net;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standalone launch: {@code java -jar} with default JVM flags, from spawning the process to reading
 * the {@code 220} SMTP greeting, then the resident set size after two idle seconds. GreenMail: its
 * {@code greenmail-standalone} jar with {@code -Dgreenmail.smtp.hostname=127.0.0.1
 * -Dgreenmail.smtp.port=P} (SMTP only; the port is picked free just before). FakeMail: {@code
 * fakemail-standalone.jar --smtp-port 0}, whose ready line ({@code … ready … smtp=HOST:PORT}) says
 * where to connect; pending until that jar exists.
 */
public final class Standalone {
  public static final String ID = "standalone";
  private static final String SECTION = "Standalone server (java -jar, default JVM flags)";
  private static final Pattern READY = Pattern.compile("ready.*smtp=\\[?([^\\s\\]]+?)\\]?:(\\d+)");
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private Standalone() {}

  /** Adds rows S1 (launch → greeting) and S2 (idle RSS). */
  public static void run(Context ctx) {
    Row launch =
        Row.lowerIsBetter("S1", "Launch → SMTP greeting")
            .target(Target.atMostVsGreenMail(300, 1400, "ms"));
    Row rss =
        Row.lowerIsBetter("S2", "Idle RSS 2 s after the greeting")
            .target(Target.atMostVsGreenMail(64, 122, "MiB"));
    File fm =
        new File(
            System.getProperty(
                "bench.fakemailStandalone", "fake-server/target/fakemail-standalone.jar"));
    File gm =
        new File(
            System.getProperty(
                "bench.greenmailStandalone",
                "benchmarks/target/standalone/greenmail-standalone.jar"));
    int samples = ctx.quick() ? 2 : 5;
    List<Double> fmLaunch = new ArrayList<>();
    List<Double> fmRss = new ArrayList<>();
    List<Double> gmLaunch = new ArrayList<>();
    List<Double> gmRss = new ArrayList<>();
    String fmError = fm.isFile() ? null : "pending";
    String gmError = gm.isFile() ? null : "no " + gm;
    ctx.log(
        "standalone: "
            + (fmError == null ? "FakeMail and GreenMail" : "GreenMail only (no " + fm + ")"));
    for (int i = 0; i < samples; i++) {
      if (gmError == null) {
        try {
          double[] r = greenMail(ctx, gm, i);
          gmLaunch.add(r[0]);
          gmRss.add(r[1]);
        } catch (Exception e) {
          gmError = e.toString();
        }
      }
      if (fmError == null) {
        try {
          double[] r = fakeMail(ctx, fm, i);
          fmLaunch.add(r[0]);
          fmRss.add(r[1]);
        } catch (Exception e) {
          fmError = e.toString();
        }
      }
    }
    if ("pending".equals(fmError)) {
      String why =
          "the standalone jar is being built in another branch; this row runs once "
              + fm
              + " exists";
      launch.fakemail(Measurement.pending(why));
      rss.fakemail(Measurement.pending(why));
    } else {
      set(launch, rss, true, fmError, fmLaunch, fmRss, samples);
    }
    set(launch, rss, false, gmError, gmLaunch, gmRss, samples);
    Results.Section section = ctx.results().section(SECTION);
    section.add(launch).add(rss);
  }

  private static void set(
      Row launch,
      Row rss,
      boolean ours,
      String error,
      List<Double> launchMs,
      List<Double> rssMiB,
      int samples) {
    Measurement l;
    Measurement r;
    if (error != null) {
      l = Measurement.error(error);
      r = Measurement.error(error);
    } else {
      Stats s = Stats.of(launchMs);
      Stats m = Stats.of(rssMiB);
      l =
          Measurement.of(
              s.median(),
              "ms",
              String.format(
                  Locale.ROOT,
                  "median of %d launches (range %s–%s ms)",
                  s.n(),
                  Measurement.format(s.min()),
                  Measurement.format(s.max())));
      r =
          Measurement.of(
              m.median(),
              "MiB",
              String.format(
                  Locale.ROOT,
                  "VmRSS, median of %d (range %s–%s MiB)",
                  m.n(),
                  Measurement.format(m.min()),
                  Measurement.format(m.max())));
    }
    if (ours) {
      launch.fakemail(l);
      rss.fakemail(r);
    } else {
      launch.greenmail(l);
      rss.greenmail(r);
    }
  }

  private static double[] greenMail(Context ctx, File jar, int sample) throws Exception {
    int port = Net.freePort();
    Path log = ctx.outDir().resolve("logs").resolve("standalone-greenmail-" + sample + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(
                ctx.children().java(),
                "-Dgreenmail.smtp.hostname=127.0.0.1",
                "-Dgreenmail.smtp.port=" + port,
                "-jar",
                jar.getPath())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      long deadline = t0 + TIMEOUT_NANOS;
      while (true) {
        if (!p.isAlive()) {
          throw new IOException(
              "GreenMail standalone exited with " + p.exitValue() + ", see " + log);
        }
        if (greeting("127.0.0.1", port)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("no greeting within 30 s, see " + log);
        }
        Thread.sleep(1);
      }
      double launchMs = (System.nanoTime() - t0) / 1e6;
      Thread.sleep(2000);
      return new double[] {launchMs, rssMiB(p)};
    } finally {
      stop(p);
    }
  }

  private static double[] fakeMail(Context ctx, File jar, int sample) throws Exception {
    Path log = ctx.outDir().resolve("logs").resolve("standalone-fakemail-" + sample + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(ctx.children().java(), "-jar", jar.getPath(), "--smtp-port", "0")
            .redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      CompletableFuture<String[]> ready = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out =
                        new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    out.println(line);
                    Matcher m = READY.matcher(line);
                    if (!ready.isDone() && m.find()) {
                      ready.complete(new String[] {m.group(1), m.group(2)});
                    }
                  }
                } catch (IOException e) {
                  // process ended
                } finally {
                  ready.completeExceptionally(new IOException("no ready line, see " + log));
                }
              },
              "fakemail-standalone-reader");
      reader.setDaemon(true);
      reader.start();
      String[] hostPort = ready.get(30, TimeUnit.SECONDS);
      String host = hostPort[0].equals("0.0.0.0") ? "127.0.0.1" : hostPort[0];
      int port = Integer.parseInt(hostPort[1]);
      long deadline = t0 + TIMEOUT_NANOS;
      while (!greeting(host, port)) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no greeting within 30 s, see " + log);
        }
        Thread.sleep(1);
      }
      double launchMs = (System.nanoTime() - t0) / 1e6;
      Thread.sleep(2000);
      return new double[] {launchMs, rssMiB(p)};
    } finally {
      stop(p);
    }
  }

  /** Whether a connection gets a 220 greeting right now. */
  private static boolean greeting(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      s.setSoTimeout(5000);
      byte[] buf = new byte[3];
      int n = s.getInputStream().readNBytes(buf, 0, 3);
      return n == 3 && buf[0] == '2' && buf[1] == '2' && buf[2] == '0';
    } catch (IOException e) {
      return false;
    }
  }

  private static double rssMiB(Process p) throws IOException {
    for (String line :
        Files.readAllLines(
            Path.of("/proc", Long.toString(p.pid()), "status"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for " + p.pid());
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
