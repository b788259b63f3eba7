package dev.kindred.bench.serve;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Measuring on a quiet stack: waits until the worker has no backlog — no user waiting for candidate
 * lists, no item waiting for its neighbour list, no event beyond the interest projection's slowest
 * checkpoint — and says what it waited.
 */
final class Backlog {

  private Backlog() {
  }

  static String await(Connection c, long maxSeconds) throws Exception {
    long start = System.nanoTime();
    long firstLists = -1;
    long firstItems = -1;
    long firstEvents = -1;
    while (true) {
      long lists = count(c, "SELECT count(*) FROM candidates_dirty");
      long items = count(c, "SELECT count(*) FROM neighbours_dirty");
      // The worker's own measure of lag (V28: in the order subscriptions read the log); counted in full
      // once, then only "any left?" (V31's cap) — counting a backlog every 2 s slows its draining.
      long events = count(c, """
          SELECT coalesce(sum(events), 0) FROM measure_subscription_lag(
            ARRAY(SELECT name FROM subscription_checkpoints WHERE name LIKE 'interest-profiles/%%'), %s)
          """.formatted(firstEvents < 0 ? "NULL" : "1"));
      if (firstLists < 0) {
        firstLists = lists;
        firstItems = items;
        firstEvents = events;
      }
      double waited = (System.nanoTime() - start) / 1e9;
      if (lists == 0 && items == 0 && events == 0) {
        return String.format(java.util.Locale.ROOT, "waited %.0f s for the worker: %d users' candidate lists, %d items' "
            + "neighbour lists, %d events to project", waited, firstLists, firstItems, firstEvents);
      }
      if (waited > maxSeconds) {
        throw new IllegalStateException("the worker still has " + lists + " users and " + items + " items to list and "
            + events + " events to project after " + maxSeconds + " s");
      }
      System.err.printf("\r  worker backlog: %d users' candidate lists, %d items' neighbours, %d events   ", lists, items,
          events);
      Thread.sleep(2000);
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
