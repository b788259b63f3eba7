package dev.kindred.recsys;

import java.util.Random;

/**
 * Draws from Beta(1 + clicked, 1 + shown − clicked): the posterior click-through of an arm with a
 * uniform prior. An arm never shown draws uniformly, so new areas get tried; one that keeps
 * getting clicks draws high, so it is chosen more — exploration learns which neighbours work.
 */
public final class ThompsonSampler {

  private ThompsonSampler() {
  }

  public static double draw(long shown, long clicked, Random r) {
    long c = Math.max(0, Math.min(clicked, shown));
    double a = gamma(1 + c, r);
    double b = gamma(1 + shown - c, r);
    return a / (a + b);
  }

  /** Gamma(shape ≥ 1, 1) by Marsaglia and Tsang's method. */
  static double gamma(double shape, Random r) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = r.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = r.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
