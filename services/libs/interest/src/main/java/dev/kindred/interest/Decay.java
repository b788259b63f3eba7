package dev.kindred.interest;

import java.time.Duration;
import java.time.Instant;

/** Exponential decay by half-life. */
final class Decay {

  private Decay() {
  }

  /** The factor a weight keeps from {@code from} to {@code to}; 1 when {@code to} is not later. */
  static double factor(Instant from, Instant to, double halfLifeSeconds) {
    double seconds = Duration.between(from, to).toMillis() / 1000.0;
    return seconds <= 0 ? 1.0 : Math.pow(0.5, seconds / halfLifeSeconds);
  }
}
