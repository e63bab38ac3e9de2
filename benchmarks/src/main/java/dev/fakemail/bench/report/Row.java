package dev.fakemail.bench.report;

import java.util.Locale;

/** One line of the results table: FakeMail, GreenMail and (where it is the anchor) smtp-sink. */
public final class Row {
  private final String id;
  private final String title;
  private final Measurement.Better better;
  private Measurement fakemail = Measurement.notApplicable("");
  private Measurement greenmail = Measurement.notApplicable("");
  private Measurement sink;
  private Target target;
  private String note = "";

  private Row(String id, String title, Measurement.Better better) {
    this.id = id;
    this.title = title;
    this.better = better;
  }

  /** A row where lower figures are better (times, bytes). */
  public static Row lowerIsBetter(String id, String title) {
    return new Row(id, title, Measurement.Better.LOWER);
  }

  /** A row where higher figures are better (rates). */
  public static Row higherIsBetter(String id, String title) {
    return new Row(id, title, Measurement.Better.HIGHER);
  }

  public Row fakemail(Measurement m) {
    this.fakemail = m;
    return this;
  }

  public Row greenmail(Measurement m) {
    this.greenmail = m;
    return this;
  }

  public Row sink(Measurement m) {
    this.sink = m;
    return this;
  }

  public Row target(Target t) {
    this.target = t;
    return this;
  }

  public Row note(String note) {
    this.note = note;
    return this;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public Measurement.Better better() {
    return better;
  }

  public Measurement fakemail() {
    return fakemail;
  }

  public Measurement greenmail() {
    return greenmail;
  }

  /** The smtp-sink figure, or null where smtp-sink is not an anchor. */
  public Measurement sink() {
    return sink;
  }

  public Target target() {
    return target;
  }

  public String note() {
    return note;
  }

  /** FakeMail ÷ GreenMail, or NaN. */
  public double ratioToGreenMail() {
    return ratio(fakemail, greenmail);
  }

  /** FakeMail ÷ smtp-sink, or NaN. */
  public double ratioToSink() {
    return ratio(fakemail, sink);
  }

  private static double ratio(Measurement a, Measurement b) {
    if (a == null || b == null || !a.ok() || !b.ok() || b.value() == 0) {
      return Double.NaN;
    }
    return a.value() / b.value();
  }

  /** "8.3× better" / "1.4× worse" from FakeMail's point of view; "–" without both figures. */
  public String advantage(double ratio) {
    if (Double.isNaN(ratio) || ratio <= 0) {
      return "–";
    }
    double factor = better == Measurement.Better.LOWER ? 1 / ratio : ratio;
    if (factor >= 1) {
      return String.format(Locale.ROOT, "%s× better", Measurement.format(factor));
    }
    return String.format(Locale.ROOT, "%s× worse", Measurement.format(1 / factor));
  }

  /** The Result cell. */
  public String result() {
    return target == null ? "–" : target.judge(fakemail, greenmail, sink);
  }
}
