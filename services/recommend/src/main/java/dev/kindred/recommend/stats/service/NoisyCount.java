package dev.kindred.recommend.stats.service;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;

/**
 * Differential privacy for one dashboard count: Laplace noise of scale sensitivity/ε, rounded and
 * kept non-negative; a count of fewer than {@code minUsers} users is suppressed (null). The noise
 * of a cell is drawn from a seed of (secret, cell name), so asking again gives the same answer:
 * repeating a query cannot average the noise away.
 */
public final class NoisyCount {

  private NoisyCount() {
  }

  /** {@code users}: the distinct users behind the cell (for suppression); null when suppressed. */
  public static Long of(long trueCount, long users, double sensitivity, double epsilon, int minUsers, String secret,
      String cell) {
    if (users < minUsers) {
      return null;
    }
    double u = uniform(secret, cell) - 0.5;   // in (-0.5, 0.5)
    double noise = -(sensitivity / epsilon) * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    return Math.max(0, Math.round(trueCount + noise));
  }

  static double uniform(String secret, String cell) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((secret + "|" + cell).getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(h).getLong() >>> 11;             // 53 random bits
      return (bits + 0.5) / (double) (1L << 53);                   // strictly inside (0, 1)
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
