package dev.kindred.worker.candidates;

import dev.kindred.tenancy.TenantTx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.kindred.worker.subscription.Subscriptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One loop for the worker's precomputed serving lists (a user's candidates, an item's neighbours):
 * writers mark keys dirty in their own transaction; this loop claims marked keys, oldest mark first,
 * and computes their lists in one statement per tenant. Marks coalesce: a key changed ten times while
 * waiting is computed once. A failed computation marks its keys again, so nothing is lost. Subclasses
 * (beans) inherit the start and stop observers.
 */
public abstract class ListRefresher {

  private static final Logger LOG = Logger.getLogger(ListRefresher.class);
  private static final Duration DB = Duration.ofSeconds(60);

  /**
   * What a refresher lists: the claim function (V23/V29 style), its dirty table and key column, the
   * computation ($1 tenant, $2 claimed keys, $3 items per list) and the items it keeps per list.
   */
  protected record Lists(String name, String claimFunction, String dirtyTable, String key, String compute,
      int perList) {
  }

  private final Pool pool;
  private final Lists lists;
  private final int batch;
  private final long idleMs;
  private final boolean enabled;
  private final int backlogYield;
  private final Instance<Subscriptions> subscriptions;
  private volatile boolean running = true;
  private Thread thread;

  protected ListRefresher(Pool pool, Lists lists, int batch, long idleMs, boolean enabled, int backlogYield,
      Instance<Subscriptions> subscriptions) {
    this.pool = pool;
    this.lists = lists;
    this.batch = batch;
    this.idleMs = idleMs;
    this.enabled = enabled;
    this.backlogYield = backlogYield;
    this.subscriptions = subscriptions;
  }

  void start(@Observes StartupEvent e) {
    if (!enabled) {
      return;
    }
    thread = new Thread(this::loop, lists.name());
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent e) {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void loop() {
    while (running) {
      int done = 0;
      long started = System.nanoTime();
      try {
        done = refreshOnce();
      } catch (RuntimeException err) {
        LOG.warnf("%s not refreshed this round: %s", lists.name(), err.getMessage());
      }
      // While the interest projection is busy (a backlog, or events arriving: each marks its user, and
      // at a few hundred users a second the lists' searches alone would need more than this box has),
      // lists computed now are soon stale, and each round takes a database core from the projection,
      // whose freshness matters more. So the refresher yields (sleeps backlogYield times as long as its
      // round took); marks coalesce meanwhile, and once the projection is idle it runs flat out again.
      long pauseMs = pauseAfter(done, (System.nanoTime() - started) / 1_000_000L, done > 0 && interestsBusy(),
          backlogYield, idleMs);
      if (pauseMs > 0) {
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** How long to wait after a round that claimed {@code done} keys in {@code roundMs}. */
  static long pauseAfter(int done, long roundMs, boolean projectionBusy, int backlogYield, long idleMs) {
    if (done == 0) {
      return idleMs;
    }
    return projectionBusy && backlogYield > 0 ? Math.max(1, roundMs) * backlogYield : 0;
  }

  private boolean interestsBusy() {
    return subscriptions.isResolvable() && subscriptions.get().interestsBusy();
  }

  /** Claims up to one batch of marked keys and computes their lists; how many were claimed. */
  public int refreshOnce() {
    List<Row> claimed = new ArrayList<>();
    pool.preparedQuery("SELECT tenant_id, " + lists.key() + " FROM " + lists.claimFunction() + "($1)")
        .execute(Tuple.of(batch)).await().atMost(DB).forEach(claimed::add);
    Map<UUID, List<String>> byTenant = new LinkedHashMap<>();
    for (Row r : claimed) {
      byTenant.computeIfAbsent(r.getUUID(0), t -> new ArrayList<>()).add(r.getString(1));
    }
    for (Map.Entry<UUID, List<String>> t : byTenant.entrySet()) {
      String[] keys = t.getValue().toArray(String[]::new);
      try {
        TenantTx.run(pool, t.getKey(), c -> c.preparedQuery(lists.compute()).execute(Tuple.of(t.getKey(), keys,
                lists.perList())))
            .await().atMost(DB);
      } catch (RuntimeException err) {
        TenantTx.run(pool, t.getKey(), c -> c.preparedQuery("INSERT INTO " + lists.dirtyTable() + " (tenant_id, "
                + lists.key() + ") SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING")
            .execute(Tuple.of(t.getKey(), keys))).await().atMost(DB);
        throw err;
      }
    }
    return claimed.size();
  }
}
