package dev.fakemail.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the hottest methods by
 * self time, the hottest methods anywhere on the stack, and where threads blocked on sockets and
 * monitors. {@code java -cp … dev.fakemail.bench.JfrSummary recording.jfr [top]}.
 */
public final class JfrSummary {
  private JfrSummary() {}

  /** Prints the summary of one recording. */
  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    summarize(Path.of(args[0]), top, System.out);
  }

  /** Writes the summary of {@code jfr} to {@code out}. */
  public static void summarize(Path jfr, int top, PrintStream out) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> selfPackage = new HashMap<>();
    Map<String, Long> blockedNanos = new HashMap<>();
    Map<String, Integer> nativeByCaller = new HashMap<>();
    int samples = 0;
    int nativeSamples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      String type = e.getEventType().getName();
      RecordedStackTrace st = e.getStackTrace();
      if (type.equals("jdk.ExecutionSample") && st != null && !st.getFrames().isEmpty()) {
        samples++;
        List<RecordedFrame> frames = st.getFrames();
        String leaf = name(frames.get(0));
        self.merge(leaf, 1, Integer::sum);
        selfPackage.merge(pkg(frames.get(0)), 1, Integer::sum);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RecordedFrame f : frames) {
          String n = name(f);
          if (seen.add(n)) {
            total.merge(n, 1, Integer::sum);
          }
        }
      } else if (type.equals("jdk.NativeMethodSample") && st != null && !st.getFrames().isEmpty()) {
        nativeSamples++;
        nativeByCaller.merge(
            name(st.getFrames().get(0)) + " ← " + firstInteresting(st.getFrames()),
            1,
            Integer::sum);
      } else if ((type.equals("jdk.SocketRead")
              || type.equals("jdk.JavaMonitorEnter")
              || type.equals("jdk.ThreadPark"))
          && st != null
          && !st.getFrames().isEmpty()) {
        String where = type.substring(4) + " in " + firstInteresting(st.getFrames());
        blockedNanos.merge(where, e.getDuration().toNanos(), Long::sum);
      }
    }
    out.printf(Locale.ROOT, "%s: %d CPU samples%n", jfr.getFileName(), samples);
    print(out, "Top self (leaf) frames", self, samples, top);
    print(out, "Top packages by self samples", selfPackage, samples, top);
    print(out, "Top frames anywhere on the stack (inclusive)", total, samples, top);
    out.printf(
        Locale.ROOT,
        "%d native-method samples (threads inside a native call: socket I/O, epoll waits)%n",
        nativeSamples);
    print(
        out,
        "Native samples by method ← first server/client frame",
        nativeByCaller,
        nativeSamples,
        top);
    List<Map.Entry<String, Long>> b = new ArrayList<>(blockedNanos.entrySet());
    b.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
    out.println("Longest blocking (socket reads, monitor enters, parks over the JFR threshold):");
    for (int i = 0; i < Math.min(top / 2, b.size()); i++) {
      out.printf(Locale.ROOT, "  %10.1f ms  %s%n", b.get(i).getValue() / 1e6, b.get(i).getKey());
    }
  }

  private static void print(
      PrintStream out, String title, Map<String, Integer> counts, int samples, int top) {
    List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
    list.sort((x, y) -> Integer.compare(y.getValue(), x.getValue()));
    out.println(title + ":");
    for (int i = 0; i < Math.min(top, list.size()); i++) {
      Map.Entry<String, Integer> e = list.get(i);
      out.printf(
          Locale.ROOT,
          "  %5.1f%%  %6d  %s%n",
          100.0 * e.getValue() / Math.max(1, samples),
          e.getValue(),
          e.getKey());
    }
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String pkg(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  private static String firstInteresting(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String t = f.getMethod().getType().getName();
      if (t.startsWith("dev.fakemail")
          || t.startsWith("org.apache.james")
          || t.startsWith("io.netty")
          || t.startsWith("com.icegreen")) {
        return name(f);
      }
    }
    return name(frames.get(0));
  }
}
