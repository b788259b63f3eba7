package dev.kindred.bench.serve;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The knee, not one point: fixed arrival rates in rising order, each measured open-loop; the
 * capacity is the highest rate whose p99 stays within the budget without errors. After a rate fails
 * the sweep stops (higher ones only queue more), after a short pause so the next endpoint starts calm.
 */
final class Sweep {

  private Sweep() {
  }

  static int run(String endpoint, IntFunction<CompletableFuture<?>> request, String rates, double seconds, double p99Ms,
      StringBuilder table) throws Exception {
    int capacity = 0;
    for (String rate : rates.split(",")) {
      int r = Integer.parseInt(rate.trim());
      System.err.printf("sweep %s: %d requests/s for %.0f s%n", endpoint, r, seconds);
      OpenLoop.run(r, 3, request);
      OpenLoop.Result res = OpenLoop.run(r, seconds, request);
      table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f |%n", endpoint, r, res.sent(), res.errors(),
          res.p(50), res.p(99)));
      if (res.errors() > 0 || res.p(99) > p99Ms) {
        Thread.sleep(5000);
        break;
      }
      capacity = r;
    }
    return capacity;
  }
}
