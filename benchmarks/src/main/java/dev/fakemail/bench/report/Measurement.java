package dev.fakemail.bench.report;

import java.util.Locale;

/** One server's figure in one row: a value with its unit, or why there is none. */
public final class Measurement {
  /** Whether a row's value is good when low or when high. */
  public enum Better {
    LOWER,
    HIGHER
  }

  /** What a figure is. */
  public enum Status {
    OK,
    PENDING,
    ERROR,
    NOT_APPLICABLE
  }

  private final Status status;
  private final double value;
  private final String unit;
  private final String detail;

  private Measurement(Status status, double value, String unit, String detail) {
    this.status = status;
    this.value = value;
    this.unit = unit;
    this.detail = detail == null ? "" : detail;
  }

  /** A measured value; {@code detail} says how (sample count, spread), shown in notes and JSON. */
  public static Measurement of(double value, String unit, String detail) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return error("no value (" + detail + ")");
    }
    return new Measurement(Status.OK, value, unit, detail);
  }

  public static Measurement pending(String why) {
    return new Measurement(Status.PENDING, Double.NaN, "", why);
  }

  public static Measurement error(String why) {
    return new Measurement(Status.ERROR, Double.NaN, "", why);
  }

  public static Measurement notApplicable(String why) {
    return new Measurement(Status.NOT_APPLICABLE, Double.NaN, "", why);
  }

  public Status status() {
    return status;
  }

  public boolean ok() {
    return status == Status.OK;
  }

  public double value() {
    return value;
  }

  public String unit() {
    return unit;
  }

  public String detail() {
    return detail;
  }

  /** The cell text: {@code 0.42 ms}, {@code pending}, {@code error}. */
  public String cell() {
    switch (status) {
      case OK:
        return format(value) + (unit.isEmpty() ? "" : " " + unit);
      case PENDING:
        return "pending";
      case ERROR:
        return "**error**";
      default:
        return "–";
    }
  }

  /** Three significant digits, thousands separated, no exponent. */
  public static String format(double v) {
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a >= 0.01) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (a == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }
}
