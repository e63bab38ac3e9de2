package dev.fakemail.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics over samples (nearest-rank percentiles). */
public final class Stats {
  private final double[] sorted;

  private Stats(double[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  public static Stats of(double... values) {
    return new Stats(values);
  }

  public static Stats of(Collection<? extends Number> values) {
    double[] v = new double[values.size()];
    int i = 0;
    for (Number n : values) {
      v[i++] = n.doubleValue();
    }
    return new Stats(v);
  }

  public int n() {
    return sorted.length;
  }

  /** Nearest-rank percentile, {@code p} in [0, 100]. */
  public double percentile(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  public double median() {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public double min() {
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  public double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  public double mean() {
    double s = 0;
    for (double v : sorted) {
      s += v;
    }
    return sorted.length == 0 ? Double.NaN : s / sorted.length;
  }
}
