package dev.fakemail.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures how much CPU processes that are not ours (not this JVM nor anything it started) used
 * while the benchmarks ran, once a second from {@code /proc}: on a shared 2-core machine that is
 * the main source of noise, and the results header reports it per suite. Linux only; elsewhere it
 * reports nothing.
 */
public final class BackgroundLoad implements AutoCloseable {
  private final Thread thread;
  private final List<double[]> samples = new ArrayList<>(); // {nanoTime, othersShare}
  private final Map<String, long[]> windows = new LinkedHashMap<>(); // suite → {start, end}
  private final Map<String, long[]> subWindows = new HashMap<>();
  private volatile boolean running = true;

  private BackgroundLoad() {
    thread = new Thread(this::loop, "background-load");
    thread.setDaemon(true);
  }

  /** Starts sampling. */
  public static BackgroundLoad start() {
    BackgroundLoad b = new BackgroundLoad();
    b.thread.start();
    return b;
  }

  /** Marks the start of a suite; it ends where the next one starts or at {@link #close()}. */
  public synchronized void suite(String name) {
    long now = System.nanoTime();
    endOpenWindow(now);
    windows.put(name, new long[] {now, Long.MAX_VALUE});
  }

  /** Marks a window inside a suite (e.g. one server's child JVM); returns its closer. */
  public synchronized Runnable window(String name) {
    long[] w = {System.nanoTime(), Long.MAX_VALUE};
    subWindows.put(name, w);
    return () -> {
      synchronized (this) {
        w[1] = System.nanoTime();
      }
    };
  }

  /** Average share of the machine's CPU other processes used during a {@link #window}. */
  public synchronized double share(String name) {
    long[] w = subWindows.get(name);
    return w == null ? Double.NaN : average(w);
  }

  private double average(long[] w) {
    double sum = 0;
    int n = 0;
    for (double[] s : samples) {
      if (s[0] >= w[0] && s[0] <= w[1]) {
        sum += s[1];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private void endOpenWindow(long now) {
    for (long[] w : windows.values()) {
      if (w[1] == Long.MAX_VALUE) {
        w[1] = now;
      }
    }
  }

  /** Stops sampling. */
  @Override
  public synchronized void close() {
    running = false;
    endOpenWindow(System.nanoTime());
    thread.interrupt();
  }

  /**
   * One line: average and peak share of the machine's CPU used by other processes, overall and per
   * suite, e.g. {@code avg 12 %, peak 61 % (lifecycle 3 %, intake 20 %)}.
   */
  public synchronized String summary() {
    if (samples.isEmpty()) {
      return "not measured";
    }
    double sum = 0;
    double max = 0;
    for (double[] s : samples) {
      sum += s[1];
      max = Math.max(max, s[1]);
    }
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "avg %.0f %%, peak %.0f %% in a 1-s sample",
                100 * sum / samples.size(),
                100 * max));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : bySuite().entrySet()) {
      parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue()));
    }
    if (!parts.isEmpty()) {
      sb.append(" (by suite: ").append(String.join(", ", parts)).append(')');
    }
    return sb.toString();
  }

  /** Average share of CPU used by other processes during each suite. */
  public synchronized Map<String, Double> bySuite() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> w : windows.entrySet()) {
      double a = average(w.getValue());
      if (!Double.isNaN(a)) {
        out.put(w.getKey(), a);
      }
    }
    return out;
  }

  private void loop() {
    long[] lastTotal = cpuTotal();
    Map<Long, Long> lastOthers = othersTicks();
    while (running && lastTotal != null) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      long[] total = cpuTotal();
      Map<Long, Long> others = othersTicks();
      if (total == null) {
        return;
      }
      long elapsed = total[1] - lastTotal[1];
      long used = 0;
      for (Map.Entry<Long, Long> e : others.entrySet()) {
        Long before = lastOthers.get(e.getKey());
        if (before != null && e.getValue() >= before) {
          used += e.getValue() - before;
        }
      }
      if (elapsed > 0) {
        synchronized (this) {
          samples.add(new double[] {System.nanoTime(), Math.min(1.0, (double) used / elapsed)});
        }
      }
      lastTotal = total;
      lastOthers = others;
    }
  }

  /** {busy, all} jiffies over every CPU, from the first line of /proc/stat; null if unreadable. */
  private static long[] cpuTotal() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
      String[] f = line.trim().split("\\s+");
      long all = 0;
      for (int i = 1; i < f.length; i++) {
        all += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {all - idle, all};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** utime+stime (jiffies) of every process that is neither this JVM nor started by it. */
  private static Map<Long, Long> othersTicks() {
    Set<Long> ours = new HashSet<>();
    ours.add(ProcessHandle.current().pid());
    ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (ours.contains(pid)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      return ticks;
    }
    return ticks;
  }
}
