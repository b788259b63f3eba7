package dev.kindred.worker.candidates;

import dev.kindred.worker.subscription.Subscriptions;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each user's candidate lists ({@code user_candidates}, V23) in step with their profile: the
 * interest projection marks the users whose profile it changed ({@code candidates_dirty}, in its own
 * transaction); this loop claims marked users, oldest mark first, and computes in one statement per
 * tenant the nearest live items to each of their unmuted interests and their short-term vector. Marks
 * coalesce: a user changed ten times while waiting is computed once. Serving then reads the lists with
 * the user instead of searching per interest per request. The search is the one serving would run
 * (HNSW, live and available items), so a list is what a live search returned at {@code computed_at}.
 */
@Singleton
public class CandidateRefresher extends ListRefresher {

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

  public CandidateRefresher(Pool pool,
      @ConfigProperty(name = "kindred.worker.candidate-batch", defaultValue = "8") int batch,
      @ConfigProperty(name = "kindred.worker.candidate-idle-ms", defaultValue = "50") long idleMs,
      @ConfigProperty(name = "kindred.worker.candidates", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "kindred.worker.candidate-backlog-yield", defaultValue = "3") int backlogYield,
      Instance<Subscriptions> subscriptions) {
    super(pool, new Lists("candidate-refresher", "claim_dirty_candidates", "candidates_dirty", "user_id", COMPUTE,
        PER_SOURCE), batch, idleMs, enabled, backlogYield, subscriptions);
  }
}
