package dev.kindred.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again: "full jitter" exponential backoff (a random wait between 0 and
 * {@code min(max, initial × 2^attempt)}), so many clients that failed together do not come back
 * together; a server's {@code Retry-After} overrides it (never waiting less than it asks).
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** The wait before attempt {@code attempt + 1} (attempt counts from 0) after {@code failure}. */
  Duration delay(int attempt, KindredException failure) {
    if (failure != null && failure.retryAfterSeconds() >= 0) {
      return Duration.ofSeconds(failure.retryAfterSeconds()).plusMillis(ThreadLocalRandom.current().nextLong(0, 100));
    }
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, ceilingMillis(attempt) + 1));
  }

  /** The upper bound of the jittered wait for this attempt. */
  long ceilingMillis(int attempt) {
    long cap = max.toMillis();
    long base = initial.toMillis();
    return attempt >= 30 || base << attempt > cap ? cap : base << attempt;
  }
}
