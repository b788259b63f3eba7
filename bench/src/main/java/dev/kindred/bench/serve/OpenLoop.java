package dev.kindred.bench.serve;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A fixed arrival rate, not a closed loop: request n is due at {@code start + n / rate}, is sent
 * then whether or not earlier ones have answered, and its latency is measured from when it was due
 * — so a stall shows up in every request it delays (no coordinated omission).
 */
final class OpenLoop {

  /** What one run measured. */
  record Result(Histogram latency, long sent, long errors, double seconds) {

    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
      return latency.getMaxValue() / 1000.0;
    }
  }

  private OpenLoop() {
  }

  /** {@code request.apply(n)} starts request n and completes (normally or not) when it is answered. */
  static Result run(int rate, double seconds, IntFunction<CompletableFuture<?>> request) throws Exception {
    Histogram h = new ConcurrentHistogram(60_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    long total = Math.round(rate * seconds);
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    CompletableFuture<?>[] all = new CompletableFuture<?>[(int) total];
    for (int n = 0; n < total; n++) {
      long due = start + n * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      all[n] = request.apply(n).whenComplete((ok, err) -> {
        if (err != null) {
          errors.incrementAndGet();
        }
        h.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
      });
    }
    CompletableFuture.allOf(all).handle((a, b) -> null).get();
    return new Result(h, total, errors.get(), (System.nanoTime() - start) / 1e9);
  }
}
