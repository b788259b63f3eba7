package dev.kindred.bench.serve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * What a crash costs: recommend buffers impressions and appends them every 100 ms off the request
 * path, so a {@code kill -9} loses the lists served since the last flush. Feed requests at a fixed
 * rate; after {@link #BEFORE_KILL_S} seconds the service is killed (SIGKILL) while requests keep
 * coming; every list answered 200 should have its {@code ImpressionLogged} in the log. Lost = lists
 * answered − impressions logged, next to what one flush window holds at that rate.
 */
final class ImpressionLoss {

  static final double BEFORE_KILL_S = 3;
  static final double FLUSH_WINDOW_S = 0.1;

  record Result(long answered, long logged, int rate) {

    long lost() {
      return Math.max(0, answered - logged);
    }

    double flushWindow() {
      return rate * FLUSH_WINDOW_S;
    }
  }

  private ImpressionLoss() {
  }

  static Result measure(Connection c, UUID tenant, IntFunction<CompletableFuture<?>> feed, int rate, long pid)
      throws Exception {
    Thread.sleep(500);   // what earlier phases buffered is in the log by now
    long from = lastSeq(c, tenant);
    AtomicLong answered = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long total = Math.round(rate * (BEFORE_KILL_S + 1));
    boolean killed = false;
    for (int n = 0; n < total; n++) {
      long due = start + n * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      if (!killed && System.nanoTime() - start >= BEFORE_KILL_S * 1e9) {
        killed = ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
        if (!killed) {
          throw new IllegalStateException("recommend (pid " + pid + ") is not running");
        }
      }
      all.add(feed.apply(n).thenRun(answered::incrementAndGet));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((a, b) -> null).get();
    Thread.sleep(1000);
    return new Result(answered.get(), impressionsSince(c, tenant, from), rate);
  }

  private static long lastSeq(Connection c, UUID tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM events WHERE tenant_id = ? AND type = 'ImpressionLogged'")) {
      ps.setObject(1, tenant);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static long impressionsSince(Connection c, UUID tenant, long from) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM events WHERE tenant_id = ? AND type = 'ImpressionLogged' AND seq > ?")) {
      ps.setObject(1, tenant);
      ps.setLong(2, from);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
