package dev.fakemail.bench;

import dev.fakemail.bench.child.ChildJvm;
import dev.fakemail.bench.report.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What every suite's parent side gets: options, the results, child JVMs, progress output. */
public final class Context {
  private final Results results;
  private final ChildJvm children;
  private final Path outDir;
  private final boolean quick;
  private final boolean profile;
  private final Set<String> only;
  private final long started = System.nanoTime();
  private final BackgroundLoad background;

  Context(
      Results results,
      Path outDir,
      boolean quick,
      boolean profile,
      Set<String> only,
      BackgroundLoad background) {
    this.results = results;
    this.background = background;
    this.outDir = outDir;
    this.children = new ChildJvm(outDir.resolve("logs"));
    this.quick = quick;
    this.profile = profile;
    this.only = only;
  }

  /** The CPU monitor of other processes: suites mark windows on it. */
  public BackgroundLoad background() {
    return background;
  }

  public Results results() {
    return results;
  }

  public ChildJvm children() {
    return children;
  }

  /** Where latest.md, latest.json, logs/ and profiles/ go. */
  public Path outDir() {
    return outDir;
  }

  /** Short runs for a smoke test of the harness; figures are not worth publishing. */
  public boolean quick() {
    return quick;
  }

  /** Whether a suite was selected with {@code --only} (all are by default). */
  public boolean selected(String suite) {
    return only.isEmpty() || only.contains(suite);
  }

  /**
   * JVM flags for a child running {@code server}: {@code base}, plus a JFR recording when {@code
   * --profile} is on and the server is ours.
   */
  public List<String> jvmArgs(String label, String server, List<String> base) {
    List<String> args = new ArrayList<>(base);
    if (profile && server.equals("fakemail")) {
      Path jfr = outDir.resolve("profiles").resolve(label + ".jfr");
      jfr.getParent().toFile().mkdirs();
      args.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    return args;
  }

  /** Progress on stderr, with the time since the harness started. */
  public void log(String message) {
    System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
  }
}
