package dev.fakemail.bench.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link Child} in a fresh JVM with the harness's class path and collects what it reports. A
 * child reports with lines {@code @m key=value} on stdout ({@link Child#report}); for each such
 * line the parent also records when it arrived, as {@code key@parentMs} (milliseconds since the
 * child process was spawned). Everything the child prints goes to {@code logs/<label>.log}.
 */
public final class ChildJvm {
  private final Path logDir;
  private final String java;
  private final String classpath;

  public ChildJvm(Path logDir) {
    this.logDir = logDir;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classpath = System.getProperty("java.class.path");
  }

  /** The java executable children run on. */
  public String java() {
    return java;
  }

  /**
   * Runs one child to completion.
   *
   * @throws ChildFailedException if it exits non-zero or outlives the timeout (it is then killed)
   */
  public Map<String, String> run(
      String label, List<String> jvmArgs, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(classpath);
    command.add(Child.class.getName());
    command.addAll(List.of(args));
    Files.createDirectories(logDir);
    Path log = logDir.resolve(label + ".log");
    Map<String, String> metrics = new LinkedHashMap<>();
    Deque<String> tail = new ArrayDeque<>();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    long spawned = System.nanoTime();
    Process process = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                out.println("# " + String.join(" ", command));
                String line;
                while ((line = in.readLine()) != null) {
                  long at = System.nanoTime();
                  out.println(line);
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 30) {
                      tail.removeFirst();
                    }
                  }
                  if (line.startsWith(Child.PREFIX)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                      String key = line.substring(Child.PREFIX.length(), eq);
                      synchronized (metrics) {
                        metrics.put(key, line.substring(eq + 1));
                        metrics.put(key + "@parentMs", Double.toString((at - spawned) / 1e6));
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // the child went away; its exit code tells the rest
              }
            },
            "child-reader-" + label);
    reader.setDaemon(true);
    reader.start();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(10_000);
    if (!exited || process.exitValue() != 0) {
      String why = exited ? "exited with " + process.exitValue() : "timed out after " + timeout;
      String last;
      synchronized (tail) {
        last = String.join("\n  ", tail);
      }
      throw new ChildFailedException(
          "Child " + label + " " + why + " (log: " + log + "); last lines:\n  " + last);
    }
    synchronized (metrics) {
      return new LinkedHashMap<>(metrics);
    }
  }

  /** A child that failed or hung. */
  public static final class ChildFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    ChildFailedException(String message) {
      super(message);
    }
  }
}
