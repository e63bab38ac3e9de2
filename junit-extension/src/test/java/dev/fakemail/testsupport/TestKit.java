package dev.fakemail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link TestKitOnly} cases through the Jupiter engine and reads what they reported. */
public final class TestKit {
  /** The configuration parameter that enables {@link TestKitOnly} classes. */
  public static final String ENABLED = "fakemail.testkit";

  private TestKit() {}

  /** Runs the classes one after the other. */
  public static EngineExecutionResults run(Class<?>... classes) {
    return kit(classes).execute();
  }

  /** Runs the classes, and the methods of each, concurrently. */
  public static EngineExecutionResults runInParallel(Class<?>... classes) {
    return kit(classes)
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter(
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
        .execute();
  }

  private static EngineTestKit.Builder kit(Class<?>... classes) {
    ClassSelector[] selectors =
        Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new);
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectors)
        .configurationParameter(ENABLED, "true");
  }

  /** Asserts that nothing failed or was skipped and that exactly {@code tests} tests passed. */
  public static void assertAllPassed(EngineExecutionResults results, int tests) {
    List<String> failures =
        results.allEvents().failed().stream()
            .map(e -> e.getTestDescriptor().getDisplayName() + ": " + stackTrace(e))
            .toList();
    assertThat(failures).as("failures").isEmpty();
    results.testEvents().assertStatistics(s -> s.started(tests).succeeded(tests).skipped(0));
  }

  /** The throwable of the one failed event for a test or container with this display name. */
  public static Throwable failureOf(EngineExecutionResults results, String displayName) {
    List<Throwable> thrown =
        results.allEvents().failed().stream()
            .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
            .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
            .toList();
    assertThat(thrown).as("failures of " + displayName).hasSize(1);
    return thrown.get(0);
  }

  /** Every value published with {@code TestReporter.publishEntry(key, value)}, in event order. */
  public static List<String> reported(EngineExecutionResults results, String key) {
    return results.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
        .map(pairs -> Optional.ofNullable(pairs.get(key)))
        .flatMap(Optional::stream)
        .toList();
  }

  /** Whether something accepts TCP connections on this loopback port. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (ConnectException refused) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("Could not probe port " + port, e);
    }
  }

  private static String stackTrace(Event e) {
    Throwable t = e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null);
    if (t == null) {
      return "(no throwable)";
    }
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
