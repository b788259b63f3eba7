package dev.kindred.inference.triton;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Stops calling a failing server: after {@code threshold} consecutive failures the breaker opens
 * for {@code openMillis}; then one trial call is let through (half-open) and its outcome closes or
 * re-opens it.
 */
public final class CircuitBreaker {

  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long openMillis;
  private final LongSupplier clock;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong(-1);
  private final AtomicLong trialStartedAt = new AtomicLong(-1);

  public CircuitBreaker(int threshold, long openMillis, LongSupplier clock) {
    this.threshold = Math.max(1, threshold);
    this.openMillis = openMillis;
    this.clock = clock;
  }

  /** Whether a call may go out now; in half-open state only the first caller gets a yes. */
  public boolean allow() {
    long opened = openedAt.get();
    if (opened < 0) {
      return true;
    }
    long now = clock.getAsLong();
    if (now - opened < openMillis) {
      return false;
    }
    long trial = trialStartedAt.get();
    // One trial at a time; a trial that never reported back frees the slot after another period.
    return (trial < 0 || now - trial >= openMillis) && trialStartedAt.compareAndSet(trial, now);
  }

  public void onSuccess() {
    failures.set(0);
    openedAt.set(-1);
    trialStartedAt.set(-1);
  }

  public void onFailure() {
    if (failures.incrementAndGet() >= threshold) {
      openedAt.set(clock.getAsLong());
      trialStartedAt.set(-1);
    }
  }

  public State state() {
    long opened = openedAt.get();
    if (opened < 0) {
      return State.CLOSED;
    }
    return clock.getAsLong() - opened < openMillis ? State.OPEN : State.HALF_OPEN;
  }
}
