package dev.fakemail.bench.suite;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.Stats;
import dev.fakemail.bench.child.Child;
import dev.fakemail.bench.junit.FakeMailPerClass;
import dev.fakemail.bench.junit.FakeMailPerTest;
import dev.fakemail.bench.junit.FiftyMailTests;
import dev.fakemail.bench.junit.GreenMailPerClass;
import dev.fakemail.bench.junit.GreenMailPerTest;
import dev.fakemail.bench.junit.NoMailTests;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Results;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Item 2, per-test suite cost: a JUnit 5 class of 50 trivial tests ({@link FiftyMailTests}: each
 * sends one mail with Jakarta Mail and awaits it), run through the JUnit Platform {@link Launcher}
 * in a fresh JVM per sample, with each tool's JUnit 5 extension, a server per test and one per
 * class. The clock runs from just before the launcher is created to the end of the run: JUnit's
 * discovery and execution, the extension, the servers' starts and stops, Jakarta Mail, and the
 * class loading of all of them. JVM boot (and loading the harness's entry class) is not counted; it
 * is reported beside it.
 */
public final class SuiteCost {
  public static final String ID = "suitecost";
  private static final String SECTION =
      "2. Per-test suite cost (JUnit 5 class of 50 trivial tests)";

  private SuiteCost() {}

  /** One way to run the class: which tool, which lifetime. */
  private enum Variant {
    FM_TEST(FakeMailPerTest.class, true, true),
    GM_TEST(GreenMailPerTest.class, false, true),
    FM_CLASS(FakeMailPerClass.class, true, false),
    GM_CLASS(GreenMailPerClass.class, false, false),
    /** No server, no mail: JUnit's own floor, reported in the notes. */
    FLOOR(NoMailTests.class, false, false);

    final Class<? extends FiftyMailTests> testClass;
    final boolean fakemail;
    final boolean perTest;

    Variant(Class<? extends FiftyMailTests> testClass, boolean fakemail, boolean perTest) {
      this.testClass = testClass;
      this.fakemail = fakemail;
      this.perTest = perTest;
    }
  }

  /** Adds rows 2a and 2b. */
  public static void run(Context ctx) {
    Row perTest =
        Row.lowerIsBetter(
                "2a",
                "Server per test (FM: FakeMailExtension instance field; GM: GreenMailExtension,"
                    + " per-method lifecycle), one mail per test: wall time per test")
            .target(Target.atMostVsGreenMail(15, 99, "ms"));
    Row perClass =
        Row.lowerIsBetter(
            "2b",
            "One server per class (FM: @FakeMailTest; GM: withPerMethodLifecycle(false)):"
                + " wall time per test");
    perTest.note(
        "Both extensions run SMTP+POP3 (FakeMail's default; GreenMail's ServerSetupTest.SMTP_POP3)."
            + " Per test = the launcher's whole run ÷ 50, JVM boot excluded.");
    Results.Section section = ctx.results().section(SECTION);
    section.add(perTest).add(perClass);

    int samples = ctx.quick() ? 1 : 4;
    Map<Variant, List<Map<String, String>>> runs = new LinkedHashMap<>();
    Map<Variant, String> errors = new LinkedHashMap<>();
    for (int i = 0; i < samples; i++) {
      for (Variant v : Variant.values()) {
        if (errors.containsKey(v)) {
          continue;
        }
        String label = "suitecost-" + v.name().toLowerCase(Locale.ROOT) + "-" + i;
        String server = v.fakemail ? "fakemail" : v == Variant.FLOOR ? "none" : "greenmail";
        try {
          Map<String, String> m =
              ctx.children()
                  .run(
                      label,
                      ctx.jvmArgs(label, server, List.of()),
                      Duration.ofSeconds(120),
                      "suitecost",
                      v.testClass.getName());
          runs.computeIfAbsent(v, k -> new ArrayList<>()).add(m);
        } catch (Exception e) {
          errors.put(v, e.getMessage());
        }
      }
    }
    if (runs.containsKey(Variant.FLOOR)) {
      Measurement floor = summarize(runs.get(Variant.FLOOR));
      perTest.note(
          perTest.note()
              + " JUnit's own floor in the same harness, the same 50 tests with no server and no"
              + " mail: "
              + Measurement.format(floor.value())
              + " ms per test ("
              + floor.detail()
              + ").");
    }
    for (Variant v : Variant.values()) {
      if (v == Variant.FLOOR) {
        continue;
      }
      Row row = v.perTest ? perTest : perClass;
      Measurement m =
          errors.containsKey(v) ? Measurement.error(errors.get(v)) : summarize(runs.get(v));
      if (v.fakemail) {
        row.fakemail(m);
      } else {
        row.greenmail(m);
      }
    }
  }

  private static Measurement summarize(List<Map<String, String>> runs) {
    List<Double> total = new ArrayList<>();
    List<Double> first = new ArrayList<>();
    List<Double> rest = new ArrayList<>();
    List<Double> classSetup = new ArrayList<>();
    List<Double> boot = new ArrayList<>();
    for (Map<String, String> m : runs) {
      total.add(Lifecycle.num(m, "totalMs"));
      first.add(Lifecycle.num(m, "firstTestMs"));
      rest.add(Lifecycle.num(m, "otherTestsMedianMs"));
      classSetup.add(Lifecycle.num(m, "beforeFirstTestMs"));
      boot.add(Lifecycle.num(m, "bootMs"));
    }
    Stats t = Stats.of(total);
    return Measurement.of(
        t.median() / FiftyMailTests.TESTS,
        "ms",
        String.format(
            Locale.ROOT,
            "median of %d fresh JVMs: whole launcher run %s ms for 50 tests (range %s–%s ms),"
                + " all passed; of which launcher start and discovery up to the first test's start"
                + " %s ms, the first test %s ms (it loads the classes it uses), each later test median"
                + " %s ms (its extension callbacks included);"
                + " JVM boot before the clock, not counted: %s ms",
            t.n(),
            Measurement.format(t.median()),
            Measurement.format(t.min()),
            Measurement.format(t.max()),
            Measurement.format(Stats.of(classSetup).median()),
            Measurement.format(Stats.of(first).median()),
            Measurement.format(Stats.of(rest).median()),
            Measurement.format(Stats.of(boot).median())));
  }

  /** The child side: runs one test class through the launcher in this fresh JVM. */
  public static void child(String[] args) throws Exception {
    long t0 = System.nanoTime();
    Class<?> testClass = Class.forName(args[0]);
    Launcher launcher = LauncherFactory.create();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Timings timings = new Timings(t0);
    launcher.execute(request, summary, timings);
    long t1 = System.nanoTime();
    long uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
    TestExecutionSummary s = summary.getSummary();
    if (s.getTotalFailureCount() > 0 || s.getTestsSucceededCount() != FiftyMailTests.TESTS) {
      String why =
          s.getFailures().isEmpty()
              ? "no failure recorded"
              : s.getFailures().get(0).getTestIdentifier().getDisplayName()
                  + ": "
                  + s.getFailures().get(0).getException();
      throw new IllegalStateException(
          s.getTestsSucceededCount() + " of " + FiftyMailTests.TESTS + " tests passed; " + why);
    }
    List<Double> tests = timings.durations();
    Child.report("totalMs", (t1 - t0) / 1e6);
    Child.report("tests", s.getTestsSucceededCount());
    Child.report("beforeFirstTestMs", timings.beforeFirstMs());
    Child.report("firstTestMs", tests.get(0));
    Child.report("otherTestsMedianMs", Stats.of(tests.subList(1, tests.size())).median());
    Child.report("bootMs", uptimeNow - (System.nanoTime() - t0) / 1e6);
  }

  /** Records each test's duration (callbacks of the extension included) in start order. */
  private static final class Timings implements TestExecutionListener {
    private final long t0;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<Double> durations = new ArrayList<>();
    private volatile long firstStart;

    Timings(long t0) {
      this.t0 = t0;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        long now = System.nanoTime();
        if (firstStart == 0) {
          firstStart = now;
        }
        started.put(id.getUniqueId(), now);
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Long start = started.get(id.getUniqueId());
      if (id.isTest() && start != null) {
        synchronized (durations) {
          durations.add((System.nanoTime() - start) / 1e6);
        }
      }
    }

    List<Double> durations() {
      synchronized (durations) {
        return new ArrayList<>(durations);
      }
    }

    double beforeFirstMs() {
      return (firstStart - t0) / 1e6;
    }
  }
}
