package dev.kindred.worker.candidates;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each user's candidate lists ({@code user_candidates}, V23) in step with their profile: the
 * interest projection marks the users whose profile it changed ({@code candidates_dirty}, in its own
 * transaction); this loop claims marked users, oldest mark first, and computes in one statement per
 * tenant the nearest live items to each of their unmuted interests and their short-term vector. Marks
 * coalesce: a user changed ten times while waiting is computed once. Serving then reads the lists with
 * the user instead of searching per interest per request. The search is the one serving would run
 * (HNSW, live and available items), so a list is what a live search returned at {@code computed_at}.
 */
@ApplicationScoped
public class CandidateRefresher {

  private static final Logger LOG = Logger.getLogger(CandidateRefresher.class);
  private static final Duration DB = Duration.ofSeconds(60);
  /** Items kept per source: serving takes up to 2 × count + 10 per source, so lists of 30 serve counts up to 10. */
  public static final int PER_SOURCE = 30;
  private static final String COMPUTE = """
      WITH q AS (
        SELECT c.user_id, 'interest/' || c.cluster_id AS source, c.centroid AS v FROM interest_clusters c
        WHERE c.tenant_id = $1 AND c.user_id = ANY ($2) AND NOT c.muted
        UNION ALL
        SELECT p.user_id, 'session', p.session_vector FROM interest_profiles p
        WHERE p.tenant_id = $1 AND p.user_id = ANY ($2) AND p.session_vector IS NOT NULL
      ), hits AS (
        SELECT q.user_id, q.source, n.item_id, (1 - (n.embedding <=> q.v))::real AS sim
        FROM q CROSS JOIN LATERAL (
          SELECT it.item_id, it.embedding FROM items it
          WHERE it.embedding IS NOT NULL AND NOT it.removed AND it.available
          ORDER BY it.embedding <=> q.v LIMIT $3) n
      ), lists AS (
        SELECT user_id, array_agg(source) AS sources, array_agg(item_id) AS items, array_agg(sim) AS sims
        FROM hits GROUP BY user_id
      ), gone AS (
        DELETE FROM user_candidates c WHERE c.tenant_id = $1 AND c.user_id = ANY ($2)
          AND c.user_id NOT IN (SELECT user_id FROM lists)
        RETURNING 1
      )
      INSERT INTO user_candidates (tenant_id, user_id, computed_at, sources, items, sims)
      SELECT $1, user_id, now(), sources, items, sims FROM lists
      ON CONFLICT (tenant_id, user_id) DO UPDATE SET computed_at = EXCLUDED.computed_at, sources = EXCLUDED.sources,
        items = EXCLUDED.items, sims = EXCLUDED.sims
      """;
  private final Pool pool;
  private final int batch;
  private final long idleMs;
  private final boolean enabled;
  private final int backlogYield;
  private final jakarta.enterprise.inject.Instance<dev.kindred.worker.subscription.Subscriptions> subscriptions;
  private volatile boolean running = true;
  private Thread thread;

  public CandidateRefresher(Pool pool,
      @ConfigProperty(name = "kindred.worker.candidate-batch", defaultValue = "8") int batch,
      @ConfigProperty(name = "kindred.worker.candidate-idle-ms", defaultValue = "50") long idleMs,
      @ConfigProperty(name = "kindred.worker.candidates", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "kindred.worker.candidate-backlog-yield", defaultValue = "3") int backlogYield,
      jakarta.enterprise.inject.Instance<dev.kindred.worker.subscription.Subscriptions> subscriptions) {
    this.backlogYield = backlogYield;
    this.subscriptions = subscriptions;
    this.pool = pool;
    this.batch = batch;
    this.idleMs = idleMs;
    this.enabled = enabled;
  }

  void start(@Observes StartupEvent e) {
    if (!enabled) {
      return;
    }
    thread = new Thread(this::loop, "candidate-refresher");
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
        LOG.warnf("candidate lists not refreshed this round: %s", err.getMessage());
      }
      // While the interest projection is busy (a backlog, or events arriving: each marks its user, and
      // at a few hundred users a second the lists' searches alone would need more than this box has),
      // the profiles behind these lists keep moving: lists computed now are soon stale, and each
      // round takes a database core from the projection, whose freshness matters more. So the
      // refresher yields (sleeps backlogYield times as long as its round took); marks coalesce
      // meanwhile, and once the projection is idle it runs flat out again.
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

  /** How long to wait after a round that claimed {@code done} users in {@code roundMs}. */
  static long pauseAfter(int done, long roundMs, boolean projectionBusy, int backlogYield, long idleMs) {
    if (done == 0) {
      return idleMs;
    }
    return projectionBusy && backlogYield > 0 ? Math.max(1, roundMs) * backlogYield : 0;
  }

  private boolean interestsBusy() {
    return subscriptions.isResolvable() && subscriptions.get().interestsBusy();
  }

  /** Claims up to one batch of marked users and computes their lists; how many were claimed. */
  public int refreshOnce() {
    List<Row> claimed = new ArrayList<>();
    pool.preparedQuery("SELECT tenant_id, user_id, marked_at FROM claim_dirty_candidates($1)").execute(Tuple.of(batch))
        .await().atMost(DB).forEach(claimed::add);
    Map<UUID, List<String>> byTenant = new LinkedHashMap<>();
    for (Row r : claimed) {
      byTenant.computeIfAbsent(r.getUUID("tenant_id"), t -> new ArrayList<>()).add(r.getString("user_id"));
    }
    for (Map.Entry<UUID, List<String>> t : byTenant.entrySet()) {
      try {
        TenantTx.run(pool, t.getKey(), c -> c.preparedQuery(COMPUTE)
            .execute(Tuple.of(t.getKey(), t.getValue().toArray(String[]::new), PER_SOURCE))).await().atMost(DB);
      } catch (RuntimeException err) {
        // Marked again so nothing is lost; the next round retries them.
        TenantTx.run(pool, t.getKey(), c -> c.preparedQuery("""
                INSERT INTO candidates_dirty (tenant_id, user_id) SELECT $1, u FROM unnest($2::text[]) AS u
                ON CONFLICT DO NOTHING
                """).execute(Tuple.of(t.getKey(), t.getValue().toArray(String[]::new)))).await().atMost(DB);
        throw err;
      }
    }
    return claimed.size();
  }

  /** Users waiting for their lists, every tenant's. */
  public long backlog() {
    return pool.query("SELECT dirty_candidates_backlog()").execute().await().atMost(DB).iterator().next().getLong(0);
  }
}
