package dev.kindred.recsys;

import java.time.Instant;

/**
 * Trending's measure: each engagement counts {@code 2^(−age / 3 days)}, so yesterday's burst
 * outranks last week's. Kept as the base-2 logarithm of the sum relative to a fixed epoch
 * ({@code log2 Σ 2^((t − epoch) / half-life)}): an engagement then only ever adds to its item's
 * number, which orders items exactly as their heat now does, so the read model is a sum a
 * projection keeps and an index orders — never an aggregation over the log per request. The
 * logarithm keeps the number small (about 900 in 2027) where the sum itself would overflow a double
 * within a decade. {@code kindred_log2_add} in the database does the same arithmetic.
 */
public final class Heat {

  public static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");
  public static final double HALF_LIFE_SECONDS = 3 * 86_400;
  /** The heat of nothing. */
  public static final double NONE = Double.NEGATIVE_INFINITY;

  private Heat() {
  }

  /** The log-heat one engagement at {@code at} adds. */
  public static double of(Instant at) {
    return ((at.getEpochSecond() - EPOCH.getEpochSecond()) + at.getNano() / 1e9) / HALF_LIFE_SECONDS;
  }

  /** {@code log2(2^a + 2^b)}, without leaving the logarithm. */
  public static double add(double a, double b) {
    if (a == NONE) {
      return b;
    }
    if (b == NONE) {
      return a;
    }
    double hi = Math.max(a, b);
    return hi + Math.log1p(Math.pow(2, -Math.abs(a - b))) / Math.log(2);
  }

  /** The heat itself at {@code now}: the sum of the engagements' decayed weights. */
  public static double at(double logHeat, Instant now) {
    return logHeat == NONE ? 0 : Math.pow(2, logHeat - of(now));
  }
}
