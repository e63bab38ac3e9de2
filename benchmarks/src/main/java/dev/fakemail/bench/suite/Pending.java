package dev.fakemail.bench.suite;

import dev.fakemail.bench.Context;
import dev.fakemail.bench.report.Measurement;
import dev.fakemail.bench.report.Row;
import dev.fakemail.bench.report.Target;

/**
 * The places left for benchmarks whose FakeMail side does not exist yet. Each method adds its rows
 * marked pending, with the targets from the issue, so the table shows what is still owed.
 *
 * <p>Item 6b (IMAP), when IMAP lands: {@code FETCH 1:* BODY[]} of 10,000 stored 1 KB messages over
 * one session, with a raw-socket client like {@code Retrieval}'s POP3 one (seed with each server's
 * own API, check every body), and add {@code Protocol.IMAP} to {@code FakeMailTarget.SUPPORTED};
 * then replace {@link #imap}.
 */
public final class Pending {
  private Pending() {}

  /** Item 6b: retrieval over IMAP. */
  public static void imap(Context ctx) {
    ctx.results()
        .section(Retrieval.SECTION)
        .add(
            Row.lowerIsBetter("6b", "IMAP FETCH of all bodies, 10,000 messages")
                .fakemail(Measurement.pending("FakeMail has no IMAP yet"))
                .greenmail(Measurement.pending("measured together with FakeMail's side"))
                .target(Target.atMostVsGreenMail(0.5, 2.9, "s")));
  }
}
