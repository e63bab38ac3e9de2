package dev.fakemail.bench;

import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.suite.ImapRetrieval;
import dev.fakemail.bench.suite.Intake;
import dev.fakemail.bench.suite.Latency;
import dev.fakemail.bench.suite.Lifecycle;
import dev.fakemail.bench.suite.LoadCheck;
import dev.fakemail.bench.suite.Memory;
import dev.fakemail.bench.suite.Retrieval;
import dev.fakemail.bench.suite.Standalone;
import dev.fakemail.bench.suite.SuiteCost;
import dev.fakemail.bench.suite.TlsStart;
import dev.fakemail.bench.target.GreenMailTarget;
import dev.fakemail.bench.target.SmtpSinkTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Runs every benchmark, FakeMail and GreenMail (and smtp-sink where it anchors) in the same run,
 * and writes {@code latest.md} and {@code latest.json} (with {@code --only a,b}: into the subfolder
 * {@code a-b} of the output folder, so the full run's files stay). Started by {@code
 * benchmarks/run.sh}.
 *
 * <pre>
 * BenchmarkRunner [--out DIR] [--only lifecycle,suitecost,intake,latency,memory,retrieval,load,standalone,tls]
 *                 [--quick] [--profile] [--build-seconds N] [--commit SHA] [--readme FILE]
 * </pre>
 *
 * <p>{@code --quick} shortens every run (a smoke test; do not publish its figures). {@code
 * --profile} records JFR in every FakeMail child JVM and writes a summary of each recording next to
 * it under {@code DIR/profiles/}.
 *
 * <p>Exit code 0 when the run completed; 3 when a FakeMail figure could not be measured or its load
 * check lost or duplicated a message.
 */
public final class BenchmarkRunner {
  private BenchmarkRunner() {}

  /** Parses the options, runs the selected suites in table order, writes the results. */
  public static void main(String[] args) throws Exception {
    Path out = Path.of("benchmarks", "results");
    boolean quick = false;
    boolean profile = false;
    Set<String> only = new LinkedHashSet<>();
    String buildSeconds = null;
    String commit = null;
    Path readme = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--only":
          only.addAll(Arrays.asList(args[++i].split(",")));
          break;
        case "--quick":
          quick = true;
          break;
        case "--profile":
          profile = true;
          break;
        case "--build-seconds":
          buildSeconds = args[++i];
          break;
        case "--commit":
          commit = args[++i];
          break;
        case "--readme":
          readme = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    if (!only.isEmpty()) {
      // a partial run never overwrites the full run's files: --only tls writes results/tls/
      out = out.resolve(String.join("-", new java.util.TreeSet<>(only)));
    }
    Files.createDirectories(out);
    long started = System.nanoTime();
    Results results = new Results();
    BackgroundLoad load = BackgroundLoad.start();
    Context ctx = new Context(results, out, quick, profile, only, load);
    results.header("Date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (commit != null) {
      results.header("Commit", commit);
    }
    results.header("Machine", Machine.describe());
    results.header("JDK", Machine.jdk() + ", default flags unless a row says otherwise");
    results.header(
        "Servers",
        "FakeMail (this commit), "
            + new GreenMailTarget().displayName()
            + " (embedded, default configuration), "
            + sinkVersion());
    results.header(
        "Client",
        "raw-socket SMTP client in Java (benchmarks/…/smtp/SmtpClient.java), RFC 2920 pipelining"
            + " where the server announces it (FakeMail, smtp-sink), lock-step where it does not"
            + " (GreenMail)");
    if (quick) {
      results.header("Mode", "**--quick: shortened runs, figures not comparable**");
    }

    if (ctx.selected(Lifecycle.ID)) {
      load.suite(Lifecycle.ID);
      Lifecycle.run(ctx);
    }
    if (ctx.selected(SuiteCost.ID)) {
      load.suite(SuiteCost.ID);
      SuiteCost.run(ctx);
    }
    if (ctx.selected(Intake.ID)) {
      load.suite(Intake.ID);
      Intake.run(ctx);
    }
    if (ctx.selected(Latency.ID)) {
      load.suite(Latency.ID);
      Latency.run(ctx);
    }
    if (ctx.selected(Memory.ID)) {
      load.suite(Memory.ID);
      Memory.run(ctx);
    }
    if (ctx.selected(Retrieval.ID)) {
      load.suite(Retrieval.ID);
      Retrieval.run(ctx);
    }
    if (ctx.selected(Retrieval.ID)) {
      ImapRetrieval.run(ctx);
    }
    if (ctx.selected(LoadCheck.ID)) {
      load.suite(LoadCheck.ID);
      LoadCheck.run(ctx);
    }
    if (ctx.selected(Standalone.ID)) {
      load.suite(Standalone.ID);
      Standalone.run(ctx);
    }
    if (ctx.selected(TlsStart.ID)) {
      load.suite(TlsStart.ID);
      TlsStart.run(ctx);
    }
    load.close();
    results.header(
        "Other processes' CPU during the run",
        load.summary()
            + " — share of the whole machine taken by processes that are not the harness or its"
            + " children; figures taken while it is high are noisier");
    results.extra("backgroundCpuShareBySuite", load.bySuite());

    if (profile) {
      summarizeProfiles(ctx);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    results.header(
        "Wall time",
        String.format(Locale.ROOT, "%.0f s of benchmarks", seconds)
            + (buildSeconds == null ? "" : " + " + buildSeconds + " s of build"));
    Files.writeString(out.resolve("latest.md"), results.markdown(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("latest.json"), results.json(), StandardCharsets.UTF_8);
    if (readme != null && !quick && only.isEmpty()) {
      updateReadme(readme, results.markdown());
    }
    System.out.println(results.markdown());
    ctx.log("wrote " + out.resolve("latest.md") + " and " + out.resolve("latest.json"));
    int exit = fakeMailFailures(results) ? 3 : 0;
    System.exit(exit);
  }

  /**
   * Replaces what stands between the README's {@code <!-- results:start -->} and {@code <!--
   * results:end -->} markers with this run's report (its title dropped); only after a full run.
   */
  private static void updateReadme(Path readme, String markdown) throws IOException {
    String start = "<!-- results:start -->";
    String end = "<!-- results:end -->";
    if (!Files.exists(readme)) {
      return;
    }
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    if (a < 0 || b < a) {
      return;
    }
    String body = markdown.substring(markdown.indexOf('\n') + 1).replace("\n## ", "\n### ");
    Files.writeString(
        readme,
        text.substring(0, a + start.length()) + "\n" + body.trim() + "\n" + text.substring(b),
        StandardCharsets.UTF_8);
  }

  private static String sinkVersion() {
    if (SmtpSinkTarget.binary().isEmpty()) {
      return "smtp-sink not installed";
    }
    try {
      Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "postfix").start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return "Postfix smtp-sink" + (v.isEmpty() ? "" : " " + v);
    } catch (IOException | InterruptedException e) {
      return "Postfix smtp-sink";
    }
  }

  /** A FakeMail figure that could not be measured, or a failed FakeMail load check. */
  private static boolean fakeMailFailures(Results results) {
    for (Row row : results.rows()) {
      if (row.fakemail().status() == Measurement.Status.ERROR
          || row.result().startsWith("**FAIL")) {
        return true;
      }
    }
    return false;
  }

  private static void summarizeProfiles(Context ctx) throws IOException {
    Path dir = ctx.outDir().resolve("profiles");
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> jfrs = Files.newDirectoryStream(dir, "*.jfr")) {
      for (Path jfr : jfrs) {
        Path txt = dir.resolve(jfr.getFileName().toString().replace(".jfr", ".txt"));
        try (PrintStream ps = new PrintStream(Files.newOutputStream(txt), true, "UTF-8")) {
          JfrSummary.summarize(jfr, 25, ps);
        }
        ctx.log("profile summary: " + txt);
      }
    }
  }
}
