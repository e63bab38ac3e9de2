package dev.fakemail.bench.suite;

import dev.fakemail.bench.Net;
import dev.fakemail.bench.Protocol;
import dev.fakemail.bench.target.RunningServer;
import dev.fakemail.bench.target.ServerTarget;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Warm embedded lifecycle: start → every listener accepting ({@link Net#probeAll}: a connection to
 * each port, and its greeting line where the protocol has one) → stop, as one operation, in a JVM
 * that has already done it many times. Sample-time mode, so the median and the tail of individual
 * cycles are both reported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LifecycleBenchmark {
  /** {@code fakemail} or {@code greenmail}. */
  @Param({"fakemail", "greenmail"})
  public String server;

  /** {@code smtp}, or {@code all}: every protocol the server supports. */
  @Param({"smtp", "all"})
  public String protocols;

  private ServerTarget target;
  private Set<Protocol> set;

  /** Picks the server and the listener set. */
  @Setup
  public void setup() {
    // GreenMail's per-connection threads throw (uncaught, stack trace on stderr) when the probe
    // closes a TLS port without a handshake: thousands of lines per run. Keep them off the console.
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {});
    target = ServerTarget.byId(server);
    set = protocols.equals("all") ? target.supported() : EnumSet.of(Protocol.SMTP);
  }

  /** One start → accepting → stop cycle; returns the number of listeners that accepted. */
  @Benchmark
  public int startAcceptStop() throws Exception {
    try (RunningServer running = target.start(set)) {
      return Net.probeAll(running.host(), running.ports());
    }
  }
}
