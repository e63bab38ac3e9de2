package dev.fakemail.bench.report;

import java.util.Locale;

/**
 * A goal for FakeMail's figure in a row. The issue states its targets as ratios against anchors
 * measured in the same run, so a GreenMail-anchored target is judged against the GreenMail figure
 * of this run, scaled by the issue's own reference numbers (target ÷ GreenMail as they measured
 * it); the absolute target is shown beside it.
 */
public final class Target {
  enum Kind {
    /** FakeMail ≤ GreenMail(this run) × target ÷ reference. */
    AT_MOST_VS_GREENMAIL,
    /** FakeMail ≥ factor × smtp-sink(this run). */
    AT_LEAST_VS_SINK,
    /** FakeMail ≤ value. */
    AT_MOST,
    /** The check itself passed (load check). */
    CHECK
  }

  final Kind kind;
  final double target;
  final double reference;
  final String unit;

  private Target(Kind kind, double target, double reference, String unit) {
    this.kind = kind;
    this.target = target;
    this.reference = reference;
    this.unit = unit;
  }

  /**
   * "At most {@code target}, where GreenMail measured {@code reference}" — judged as a ratio to
   * GreenMail in this run.
   */
  public static Target atMostVsGreenMail(double target, double reference, String unit) {
    return new Target(Kind.AT_MOST_VS_GREENMAIL, target, reference, unit);
  }

  /** At least {@code factor} times smtp-sink's figure in this run. */
  public static Target atLeastVsSink(double factor) {
    return new Target(Kind.AT_LEAST_VS_SINK, factor, Double.NaN, "");
  }

  /** At most this absolute value. */
  public static Target atMost(double value, String unit) {
    return new Target(Kind.AT_MOST, value, Double.NaN, unit);
  }

  /** The row is a pass/fail check. */
  public static Target check() {
    return new Target(Kind.CHECK, Double.NaN, Double.NaN, "");
  }

  /** The Target cell. */
  public String describe() {
    switch (kind) {
      case AT_MOST_VS_GREENMAIL:
        return String.format(
            Locale.ROOT,
            "≤ %s %s (GM was %s %s: ≤ %.2f× GM)",
            Measurement.format(target),
            unit,
            Measurement.format(reference),
            unit,
            target / reference);
      case AT_LEAST_VS_SINK:
        return String.format(Locale.ROOT, "≥ %.1f× smtp-sink", target);
      case AT_MOST:
        return "≤ " + Measurement.format(target) + (unit.isEmpty() ? "" : " " + unit);
      default:
        return "exactly N stored";
    }
  }

  /**
   * {@code pass}, {@code MISS} or {@code n/a}, with the reason in parentheses where it helps (e.g.
   * the absolute figure).
   */
  public String judge(Measurement fm, Measurement gm, Measurement sink) {
    if (fm == null || !fm.ok()) {
      return fm != null && fm.status() == Measurement.Status.PENDING ? "pending" : "n/a";
    }
    switch (kind) {
      case AT_MOST_VS_GREENMAIL:
        {
          if (gm == null || !gm.ok()) {
            return fm.value() <= target ? "pass (abs.)" : "MISS (abs.)";
          }
          double limit = gm.value() * target / reference;
          String abs = fm.value() <= target ? "abs. ✓" : "abs. ✗";
          return (fm.value() <= limit ? "pass" : "**MISS**")
              + " (≤ "
              + Measurement.format(limit)
              + " "
              + unit
              + " here; "
              + abs
              + ")";
        }
      case AT_LEAST_VS_SINK:
        if (sink == null || !sink.ok()) {
          return "n/a (no smtp-sink)";
        }
        return fm.value() >= target * sink.value() ? "pass" : "**MISS**";
      case AT_MOST:
        return fm.value() <= target ? "pass" : "**MISS**";
      default:
        return fm.value() == 0 ? "pass" : "**FAIL**";
    }
  }
}
