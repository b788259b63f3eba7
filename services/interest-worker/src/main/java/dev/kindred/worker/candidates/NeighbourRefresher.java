package dev.kindred.worker.candidates;

import dev.kindred.worker.subscription.Subscriptions;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each item's neighbour list ({@code item_neighbours}, V29) for the similar endpoint: items whose
 * embedding was written are marked by a trigger in the writer's transaction; this loop lists, per
 * claimed item, its {@link #PER_ITEM} nearest items (HNSW, the search serving ran per request before),
 * and lets the item enter the lists of those neighbours it is nearer to than their last entry — so a
 * new item shows up beside the old ones without recomputing theirs. Availability, removal and the
 * tenant's rules are applied when a list is read.
 */
@Singleton
public class NeighbourRefresher extends ListRefresher {

  /** Items kept per list: similar asks for 4 × count + 1, so lists of 50 serve counts up to 12. */
  public static final int PER_ITEM = 50;
  private static final String COMPUTE = """
      WITH anchors AS (
        SELECT a.item_id, a.embedding FROM items a
        WHERE a.tenant_id = $1 AND a.item_id = ANY ($2) AND a.embedding IS NOT NULL
      ), hits AS (
        SELECT a.item_id, n.item_id AS other, (1 - (n.embedding <=> a.embedding))::real AS sim
        FROM anchors a CROSS JOIN LATERAL (
          SELECT it.item_id, it.embedding FROM items it
          WHERE it.embedding IS NOT NULL AND it.item_id <> a.item_id
          ORDER BY it.embedding <=> a.embedding LIMIT $3) n
      ), lists AS (
        SELECT item_id, array_agg(other ORDER BY sim DESC) AS items, array_agg(sim ORDER BY sim DESC) AS sims
        FROM hits GROUP BY item_id
      ), saved AS (
        INSERT INTO item_neighbours (tenant_id, item_id, computed_at, items, sims)
        SELECT $1, item_id, now(), items, sims FROM lists
        ON CONFLICT (tenant_id, item_id) DO UPDATE SET computed_at = EXCLUDED.computed_at, items = EXCLUDED.items,
          sims = EXCLUDED.sims
        RETURNING 1
      ), entering AS (
        SELECT h.other AS item_id, h.item_id AS entrant, h.sim FROM hits h
        JOIN item_neighbours n ON n.tenant_id = $1 AND n.item_id = h.other
        WHERE NOT h.other = ANY ($2) AND NOT h.item_id = ANY (n.items)
          AND (cardinality(n.sims) < $3 OR h.sim > n.sims[cardinality(n.sims)])
      ), merged AS (
        SELECT e.item_id, array_agg(x.id ORDER BY x.sim DESC) AS items, array_agg(x.sim ORDER BY x.sim DESC) AS sims
        FROM (SELECT DISTINCT item_id FROM entering) e
        CROSS JOIN LATERAL (
          SELECT y.id, y.sim FROM (
            SELECT u.id, u.sim FROM item_neighbours o, unnest(o.items, o.sims) AS u(id, sim)
            WHERE o.tenant_id = $1 AND o.item_id = e.item_id
            UNION ALL
            SELECT x.entrant, x.sim FROM entering x WHERE x.item_id = e.item_id
          ) y ORDER BY y.sim DESC LIMIT $3) x
        GROUP BY e.item_id
      )
      UPDATE item_neighbours n SET items = m.items, sims = m.sims
      FROM merged m WHERE n.tenant_id = $1 AND n.item_id = m.item_id
      """;

  public NeighbourRefresher(Pool pool,
      @ConfigProperty(name = "kindred.worker.neighbour-batch", defaultValue = "16") int batch,
      @ConfigProperty(name = "kindred.worker.candidate-idle-ms", defaultValue = "50") long idleMs,
      @ConfigProperty(name = "kindred.worker.candidates", defaultValue = "true") boolean enabled,
      @ConfigProperty(name = "kindred.worker.candidate-backlog-yield", defaultValue = "3") int backlogYield,
      Instance<Subscriptions> subscriptions) {
    super(pool, new Lists("neighbour-refresher", "claim_dirty_neighbours", "neighbours_dirty", "item_id", COMPUTE,
        PER_ITEM), batch, idleMs, enabled, backlogYield, subscriptions);
  }
}
