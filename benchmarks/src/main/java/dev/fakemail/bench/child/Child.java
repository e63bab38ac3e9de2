package dev.fakemail.bench.child;

import dev.fakemail.bench.suite.ImapRetrieval;
import dev.fakemail.bench.suite.Intake;
import dev.fakemail.bench.suite.Latency;
import dev.fakemail.bench.suite.Lifecycle;
import dev.fakemail.bench.suite.LoadCheck;
import dev.fakemail.bench.suite.Memory;
import dev.fakemail.bench.suite.Retrieval;
import dev.fakemail.bench.suite.SuiteCost;
import dev.fakemail.bench.suite.TlsStart;
import java.util.Arrays;

/**
 * Entry point of every child JVM the harness starts: {@code Child <suite> <server> [args…]}.
 * Reports figures as {@code @m key=value} lines on stdout.
 */
public final class Child {
  static final String PREFIX = "@m ";

  private Child() {}

  /** Runs one suite's child part; the first statement is the first-start clock. */
  public static void main(String[] args) throws Exception {
    long mainEntered = System.nanoTime();
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "first-start":
        Lifecycle.firstStartChild(mainEntered, rest);
        break;
      case "intake":
        Intake.child(rest);
        break;
      case "latency":
        Latency.child(rest);
        break;
      case "memory":
        Memory.child(rest);
        break;
      case "load":
        LoadCheck.child(rest);
        break;
      case "suitecost":
        SuiteCost.child(rest);
        break;
      case "retrieval":
        Retrieval.child(rest);
        break;
      case "imapretrieval":
        ImapRetrieval.child(rest);
        break;
      case "tls-first":
        TlsStart.firstChild(mainEntered, rest);
        break;
      case "tls-warm":
        TlsStart.warmChild(rest);
        break;
      case "tls-starttls":
        TlsStart.startTlsChild(rest);
        break;
      default:
        throw new IllegalArgumentException("Unknown child suite " + args[0]);
    }
    System.out.flush();
    // Some servers leave non-daemon threads behind (GreenMail handler threads): do not wait.
    System.exit(0);
  }

  /** Reports one figure to the parent. */
  public static void report(String key, Object value) {
    System.out.println(PREFIX + key + "=" + value);
    System.out.flush();
  }
}
