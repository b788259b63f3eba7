package dev.kindred.worker.explore;

import dev.kindred.events.EventType;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemClicked;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Counts what exploration learns from: every served {@code explore/<cluster>} slot (from
 * {@code ImpressionLogged}) is remembered and counted as shown for its cluster; a click carrying
 * that recommendation id on that item counts as clicked, once. Both steps are idempotent (a slot
 * is inserted once, a click flips it once), so re-delivered events change nothing.
 */
@ApplicationScoped
public class ExploreArmsProjection implements SubscriptionHandler<Void> {

  public static final String NAME = "explore-arms";
  public static final Set<String> TYPES = Set.of(EventType.of(ImpressionLogged.class).storedName(),
      EventType.of(ItemClicked.class).storedName());
  static final String PREFIX = "explore/";

  @Override
  public Void prepare(List<Delivered> events) {
    return null;
  }

  @Override
  public Uni<Void> apply(SqlConnection tx, List<Delivered> events, Void prepared) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Delivered d : events) {
      var e = d.envelope();
      if (e.event() instanceof ImpressionLogged imp && imp.sources() != null) {
        for (int i = 0; i < imp.itemIds().size() && i < imp.sources().size(); i++) {
          String source = imp.sources().get(i);
          if (source != null && source.startsWith(PREFIX)) {
            int cluster = Integer.parseInt(source.substring(PREFIX.length()));
            String item = imp.itemIds().get(i);
            chain = chain.chain(() -> TenantTx.bind(tx, e.tenantId())).chain(() -> tx.preparedQuery("""
                    WITH slot AS (
                      INSERT INTO explore_slots (tenant_id, recommendation_id, item_id, cluster_id) VALUES ($1, $2, $3, $4)
                      ON CONFLICT DO NOTHING RETURNING cluster_id)
                    INSERT INTO explore_arms (tenant_id, cluster_id, shown) SELECT $1, cluster_id, 1 FROM slot
                    ON CONFLICT (tenant_id, cluster_id) DO UPDATE SET shown = explore_arms.shown + 1
                    """).execute(Tuple.of(e.tenantId(), imp.recommendationId(), item, cluster)).replaceWithVoid());
          }
        }
      } else if (e.event() instanceof ItemClicked click && click.recommendationId() != null) {
        chain = chain.chain(() -> TenantTx.bind(tx, e.tenantId())).chain(() -> tx.preparedQuery("""
                WITH slot AS (
                  UPDATE explore_slots SET clicked = true
                  WHERE tenant_id = $1 AND recommendation_id = $2 AND item_id = $3 AND NOT clicked
                  RETURNING cluster_id)
                UPDATE explore_arms a SET clicked = a.clicked + 1 FROM slot
                WHERE a.tenant_id = $1 AND a.cluster_id = slot.cluster_id
                """).execute(Tuple.of(e.tenantId(), click.recommendationId(), click.itemId())).replaceWithVoid());
      }
    }
    return chain;
  }
}
