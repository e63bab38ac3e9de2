package dev.fakemail.internal.imap.protocol;

import java.util.List;

/**
 * A sequence set (RFC 3501 §9 {@code sequence-set}) of message sequence numbers or UIDs: ranges in
 * any order, {@code *} standing for the largest number in use. Immutable.
 */
public final class SequenceSet {
  /** {@code *} before it is resolved. */
  public static final long STAR = Long.MAX_VALUE;

  private final List<long[]> ranges;

  SequenceSet(List<long[]> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Whether the set holds {@code n} when {@code *} is {@code star}. */
  public boolean contains(long n, long star) {
    for (long[] r : ranges) {
      long lo = resolve(r[0], star);
      long hi = resolve(r[1], star);
      if (lo > hi) {
        long t = lo;
        lo = hi;
        hi = t;
      }
      if (n >= lo && n <= hi) {
        return true;
      }
    }
    return false;
  }

  /** The ranges with {@code *} as {@code star}, each as {@code {low, high}}. */
  public List<long[]> ranges(long star) {
    List<long[]> resolved = new java.util.ArrayList<>(ranges.size());
    for (long[] r : ranges) {
      long lo = resolve(r[0], star);
      long hi = resolve(r[1], star);
      resolved.add(new long[] {Math.min(lo, hi), Math.max(lo, hi)});
    }
    return resolved;
  }

  /** The largest number named, with {@code *} as {@code star}. */
  public long max(long star) {
    long max = 0;
    for (long[] r : ranges) {
      max = Math.max(max, Math.max(resolve(r[0], star), resolve(r[1], star)));
    }
    return max;
  }

  private static long resolve(long n, long star) {
    return n == STAR ? star : n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (long[] r : ranges) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r[0] == STAR ? "*" : Long.toString(r[0]));
      if (r[1] != r[0]) {
        sb.append(':').append(r[1] == STAR ? "*" : Long.toString(r[1]));
      }
    }
    return sb.toString();
  }
}
