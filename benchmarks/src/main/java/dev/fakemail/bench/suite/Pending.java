package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;

/**
 * The places left for benchmarks whose FakeMail side does not exist yet. Each method adds its rows
 * marked pending, with the targets from the issue, so the table shows what is still owed.
 *
 * <p>Item 2 (per-test suite cost), when FakeMail's JUnit extension lands: add a class {@code
 * SuiteCost} with a child side that runs, through the JUnit Platform {@code Launcher} in a fresh
 * child JVM, one generated-or-checked-in class of 50 trivial tests (each sends one mail and awaits
 * it) four ways: {@code @RegisterExtension} FakeMail per test and per class, GreenMail's {@code
 * GreenMailExtension} per test and {@code .withPerMethodLifecycle(false)}; time the whole launcher
 * run and divide by 50. Add {@code junit-platform-launcher}, {@code fakemail-junit-jupiter} and
 * {@code com.icegreen:greenmail-junit5} to the module, then replace {@link #suiteCost}.
 *
 * <p>Item 6 (retrieval), when POP3 and IMAP land: POP3 lock-step RETR of 1 KB messages (the Nagle
 * trap: GreenMail ~44 ms per message) and IMAP {@code FETCH 1:* BODY[]} of 10,000 messages, with
 * raw-socket clients like {@code SmtpClient}; replace {@link #retrieval}.
 */
public final class Pending {
  private Pending() {}

  /** Item 2: per-test cost through each tool's JUnit 5 extension. */
  public static void suiteCost(Context ctx) {
    String why = "FakeMail's JUnit extension is being written in another branch";
    ctx.results()
        .section("2. Per-test suite cost (JUnit 5 class of 50 trivial tests)")
        .add(
            Row.lowerIsBetter("2a", "Server per test, one mail per test: wall time per test")
                .fakemail(Measurement.pending(why))
                .greenmail(Measurement.pending("measured together with FakeMail's side"))
                .target(Target.atMostVsGreenMail(15, 99, "ms")))
        .add(
            Row.lowerIsBetter("2b", "One server per class: wall time per test")
                .fakemail(Measurement.pending(why))
                .greenmail(Measurement.pending("measured together with FakeMail's side")));
  }

  /** Item 6: retrieval over POP3 and IMAP. */
  public static void retrieval(Context ctx) {
    String why = "FakeMail has no POP3/IMAP yet";
    ctx.results()
        .section("6. Retrieval")
        .add(
            Row.lowerIsBetter("6a", "POP3 lock-step RETR, per message")
                .fakemail(Measurement.pending(why))
                .greenmail(Measurement.pending("measured together with FakeMail's side"))
                .target(Target.atMostVsGreenMail(0.5, 44, "ms")))
        .add(
            Row.lowerIsBetter("6b", "IMAP FETCH of all bodies, 10,000 messages")
                .fakemail(Measurement.pending(why))
                .greenmail(Measurement.pending("measured together with FakeMail's side"))
                .target(Target.atMostVsGreenMail(0.5, 2.9, "s")));
  }
}
