package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Net;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import dev.fakemail.bench.smtp.Messages;
import dev.fakemail.bench.smtp.SmtpClient;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standalone launch: {@code java -jar} with default JVM flags, from spawning the process to reading
 * the {@code 220} SMTP greeting, then the resident set size after two idle seconds. GreenMail: its
 * {@code greenmail-standalone} jar with {@code -Dgreenmail.smtp.hostname=127.0.0.1
 * -Dgreenmail.smtp.port=P} (SMTP only; the port is picked free just before). FakeMail: {@code
 * fakemail-standalone.jar --smtp-port 0 --pop3-port 0 … --http-port 0} (its default listeners, on
 * free ports), whose ready line ({@code … ready … smtp=HOST:PORT}) says where to connect. FakeMail
 * also runs, for information (the container image), with {@link #SMALL_FLAGS} and with an AppCDS
 * archive made by a training launch of the same jar.
 */
public final class Standalone {
  public static final String ID = "standalone";
  private static final String SECTION =
      "Standalone server (java -jar; default JVM flags unless a row names them)";
  private static final Pattern READY = Pattern.compile("ready.*smtp=\\[?([^\\s\\]]+?)\\]?:(\\d+)");
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * Free ports for every listener FakeMail's jar starts by default (SMTP, SMTPS, POP3, POP3S, IMAP,
   * IMAPS, LMTP, HTTP).
   */
  private static final List<String> FAKEMAIL_ARGS =
      List.of(
          "--smtp-port",
          "0",
          "--pop3-port",
          "0",
          "--imap-port",
          "0",
          "--lmtp-port",
          "0",
          "--smtps-port",
          "0",
          "--pop3s-port",
          "0",
          "--imaps-port",
          "0",
          "--http-port",
          "0");

  private Standalone() {}

  /** FakeMail's JVM flags of the informational rows: small footprint, as a container would run. */
  static final List<String> SMALL_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss256k", "-XX:CICompilerCount=1");

  /** Adds rows S1 (launch → greeting) and S2 (idle RSS), and the informational S3–S6. */
  public static void run(Context ctx) {
    Row launch =
        Row.lowerIsBetter(
                "S1",
                "Launch → SMTP greeting (FM: SMTP+POP3+IMAP+LMTP+HTTP, its defaults; GM: SMTP only)")
            .target(Target.atMostVsGreenMail(300, 1400, "ms"));
    Row rss =
        Row.lowerIsBetter("S2", "Idle RSS 2 s after the greeting")
            .target(Target.atMostVsGreenMail(64, 122, "MiB"));
    Row smallLaunch =
        Row.lowerIsBetter(
            "S3", "FakeMail with " + String.join(" ", SMALL_FLAGS) + ": launch → greeting");
    Row smallRss = Row.lowerIsBetter("S4", "… idle RSS");
    Row cdsLaunch =
        Row.lowerIsBetter(
            "S5",
            "FakeMail with an AppCDS archive (-XX:SharedArchiveFile, made by one training launch"
                + " with -XX:ArchiveClassesAtExit): launch → greeting");
    Row cdsRss = Row.lowerIsBetter("S6", "… idle RSS");
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
    String gmError = gm.isFile() ? null : "no " + gm;
    String fmError = fm.isFile() ? null : "no " + fm + " (mvn -pl fake-server -am package)";
    Path archive = ctx.outDir().resolve("logs").resolve("fakemail-standalone.jsa");
    String cdsError = fmError;
    if (cdsError == null) {
      try {
        ctx.log("standalone: AppCDS training launch");
        trainArchive(ctx, fm, archive);
      } catch (Exception e) {
        cdsError = "AppCDS training failed: " + e;
      }
    }
    Map<String, List<Double>> launchMs = new HashMap<>();
    Map<String, List<Double>> rssMiB = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    if (gmError != null) {
      errors.put("gm", gmError);
    }
    if (fmError != null) {
      errors.put("fm", fmError);
      errors.put("small", fmError);
    }
    if (cdsError != null) {
      errors.put("cds", cdsError);
    }
    Map<String, List<String>> flags =
        Map.of(
            "fm",
            List.of(),
            "small",
            SMALL_FLAGS,
            "cds",
            List.of("-XX:SharedArchiveFile=" + archive));
    ctx.log("standalone: " + samples + " launches each of GreenMail and three FakeMail variants");
    for (int i = 0; i < samples; i++) {
      for (String variant : List.of("gm", "fm", "small", "cds")) {
        if (errors.containsKey(variant)) {
          continue;
        }
        try {
          double[] r =
              variant.equals("gm")
                  ? greenMail(ctx, gm, i)
                  : fakeMail(ctx, fm, variant, flags.get(variant), i);
          launchMs.computeIfAbsent(variant, k -> new ArrayList<>()).add(r[0]);
          rssMiB.computeIfAbsent(variant, k -> new ArrayList<>()).add(r[1]);
        } catch (Exception e) {
          errors.put(variant, e.toString());
        }
      }
    }
    set(launch, rss, true, errors.get("fm"), launchMs.get("fm"), rssMiB.get("fm"));
    set(launch, rss, false, errors.get("gm"), launchMs.get("gm"), rssMiB.get("gm"));
    set(
        smallLaunch,
        smallRss,
        true,
        errors.get("small"),
        launchMs.get("small"),
        rssMiB.get("small"));
    set(cdsLaunch, cdsRss, true, errors.get("cds"), launchMs.get("cds"), rssMiB.get("cds"));
    cdsRss.note(
        "RSS with AppCDS counts the archive's mapped pages, which several JVMs on one host share.");
    Results.Section section = ctx.results().section(SECTION);
    section.add(launch).add(rss).add(smallLaunch).add(smallRss).add(cdsLaunch).add(cdsRss);
  }

  /**
   * One launch with {@code -XX:ArchiveClassesAtExit}: waits for the greeting on every port, sends
   * one message, then SIGTERM; the JVM writes the archive as it exits.
   */
  private static void trainArchive(Context ctx, File jar, Path archive) throws Exception {
    Files.createDirectories(archive.getParent());
    Files.deleteIfExists(archive);
    Path log = ctx.outDir().resolve("logs").resolve("standalone-fakemail-cds-training.log");
    List<String> command = new ArrayList<>();
    command.add(ctx.children().java());
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.addAll(List.of("-jar", jar.getPath()));
    command.addAll(FAKEMAIL_ARGS);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String[] hostPort = awaitReady(p, log).get(30, TimeUnit.SECONDS);
      String host = hostPort[0].equals("0.0.0.0") ? "127.0.0.1" : hostPort[0];
      try (SmtpClient c =
          SmtpClient.connect(
              host,
              Integer.parseInt(hostPort[1]),
              SmtpClient.Mode.AUTO,
              Messages.FROM,
              Messages.TO)) {
        c.sendAndQuit(Messages.textHead("cds"), Messages.textBody(1024, 300));
      }
    } finally {
      p.destroy(); // SIGTERM: the archive is written during the orderly exit
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (!Files.isRegularFile(archive)) {
      throw new IOException("no archive written, see " + log);
    }
  }

  private static void set(
      Row launch, Row rss, boolean ours, String error, List<Double> launchMs, List<Double> rssMiB) {
    Measurement l;
    Measurement r;
    if (error != null || launchMs == null) {
      l = Measurement.error(error == null ? "no sample" : error);
      r = Measurement.error(error == null ? "no sample" : error);
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

  private static double[] fakeMail(
      Context ctx, File jar, String variant, List<String> flags, int sample) throws Exception {
    Path log =
        ctx.outDir()
            .resolve("logs")
            .resolve("standalone-fakemail-" + variant + "-" + sample + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(ctx.children().java());
    command.addAll(flags);
    command.addAll(List.of("-jar", jar.getPath()));
    command.addAll(FAKEMAIL_ARGS);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      String[] hostPort = awaitReady(p, log).get(30, TimeUnit.SECONDS);
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

  /** Copies the process's output to {@code log}; completes with the ready line's SMTP host/port. */
  private static CompletableFuture<String[]> awaitReady(Process p, Path log) {
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
    return ready;
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
