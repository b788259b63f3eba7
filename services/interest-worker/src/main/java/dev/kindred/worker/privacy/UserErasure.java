package dev.kindred.worker.privacy;

import dev.kindred.events.ErasureCompleted;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.EventType;
import dev.kindred.eventstore.EventQueries;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.subscription.Position;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.worker.covisit.CoVisitProjection;
import dev.kindred.worker.covisit.ItemHeat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;

/**
 * Erases one end-user inside a tenant-bound transaction, in an order that keeps concurrent
 * projections from bringing anything back: (1) with the user's data key still there, read what
 * only it can open (the recommendation ids of lists shown to them); (2) delete the key — from here
 * on their payloads cannot be opened and the pseudonym cannot be tied to the user id; the delete
 * waits for any profile write that holds the key row (the interest projector takes it FOR SHARE)
 * and any later write finds it gone; (3) take the user's contributions back out of co-visitation
 * and trending's heat (under the same row lock as the co-visit projection, up to the position it has counted);
 * (4) delete their profile, interest vectors, consent row and exploration slots; (5) clear the
 * item-id index column of their events; (6) record {@link ErasureCompleted} and complete the request.
 */
@ApplicationScoped
public class UserErasure {

  private static final Logger LOG = Logger.getLogger(UserErasure.class);
  private static final EventStore STORE = new EventStore();
  private static final double ZERO = 1e-4;

  public Uni<Void> erase(SqlConnection tx, UUID tenant, UUID request, String pseudonym) {
    Map<String, Long> removed = new LinkedHashMap<>();
    Uni<Void> steps = pseudonym == null ? Uni.createFrom().voidItem()
        : UserKeys.forStreams(tx, tenant, List.of(pseudonym))
            .chain(keys -> shownLists(tx, tenant, pseudonym, keys.get(pseudonym)))
            .chain(recommendations -> count(tx, removed, "user_keys",
                    "DELETE FROM user_keys WHERE tenant_id = $1 AND pseudonym = $2", Tuple.of(tenant, pseudonym))
                .chain(() -> subtractCoVisits(tx, tenant, pseudonym, removed))
                .chain(() -> deleteRows(tx, tenant, pseudonym, removed))
                .chain(() -> count(tx, removed, "explore_slots",
                    "DELETE FROM explore_slots WHERE tenant_id = $1 AND recommendation_id = ANY($2)",
                    Tuple.of(tenant, recommendations.toArray(String[]::new)))))
            .chain(() -> EventQueries.redactStream(tx, pseudonym))
            .invoke(redacted -> removed.put("events.item_id (redacted)", redacted))
            .replaceWithVoid();
    return steps.chain(() -> tx.preparedQuery("""
            SELECT (extract(epoch FROM clock_timestamp() - requested_at) * 1000)::bigint FROM privacy_requests WHERE id = $1
            """).execute(Tuple.of(request)))
        .chain(rows -> {
          long elapsed = rows.iterator().next().getLong(0);
          ErasureCompleted done = new ErasureCompleted(request.toString(), elapsed, removed);
          LOG.infof("tenant %s: erasure %s completed in %d ms %s", tenant, request, elapsed, removed);
          return STORE.append(tx, List.of(EventEnvelope.toAppend(tenant, EventEnvelope.PRIVACY_STREAM,
                  UUID.randomUUID(), done, null, Instant.now())))
              .chain(() -> tx.preparedQuery("""
                  UPDATE privacy_requests SET status = 'COMPLETED', completed_at = clock_timestamp(), subject = NULL,
                    detail = jsonb_build_object('elapsedMs', $2::bigint, 'removed', $3::text::jsonb)
                  WHERE id = $1
                  """).execute(Tuple.of(request, elapsed, json(removed))));
        })
        .replaceWithVoid();
  }

  /** Recommendation ids of the lists shown to the user (inside their sealed impression events). */
  private static Uni<List<String>> shownLists(SqlConnection tx, UUID tenant, String pseudonym, SecretKey key) {
    return EventQueries.ofType(tx, pseudonym, EventType.IMPRESSION_LOGGED.storedName(), key).map(events -> {
      List<String> out = new ArrayList<>();
      for (EventEnvelope e : events) {
        if (e.event() instanceof ImpressionLogged l) {
          out.add(l.recommendationId());
        }
      }
      return out;
    });
  }

  private static Uni<Void> subtractCoVisits(SqlConnection tx, UUID tenant, String pseudonym, Map<String, Long> removed) {
    return tx.preparedQuery("SELECT last_tx_id::text, last_seq FROM co_visit_positions WHERE tenant_id = $1 FOR UPDATE")
        .execute(Tuple.of(tenant))
        .chain(pos -> {
          if (pos.size() == 0) {
            return Uni.createFrom().voidItem();   // co-visitation has counted nothing of this tenant yet
          }
          Row p = pos.iterator().next();
          Position counted = new Position(Long.parseUnsignedLong(p.getString(0)), p.getLong(1));
          return EventQueries.itemsUpTo(tx, pseudonym, CoVisitProjection.ENGAGEMENTS, counted)
              .chain(rows -> {
                List<String> seq = new ArrayList<>();
                Map<String, Double> pairs = new HashMap<>();
                Map<String, Double> engagements = new HashMap<>();
                ItemHeat heat = new ItemHeat();
                rows.forEach(r -> {
                  CoVisitProjection.count(seq, r.itemId(), pairs, engagements);
                  heat.add(r.itemId(), r.recordedAt());
                });
                removed.put("item_heat (items adjusted)", (long) engagements.size());
                return subtract(tx, tenant, pairs, engagements, removed).chain(() -> heat.subtract(tx, tenant));
              });
        });
  }

  private static Uni<Void> subtract(SqlConnection tx, UUID tenant, Map<String, Double> pairs,
      Map<String, Double> engagements, Map<String, Long> removed) {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    List<Float> w = new ArrayList<>();
    pairs.forEach((key, value) -> {
      int cut = key.indexOf('\u0000');
      a.add(key.substring(0, cut));
      b.add(key.substring(cut + 1));
      w.add(value.floatValue());
    });
    String[] items = engagements.keySet().toArray(String[]::new);
    Float[] counts = engagements.keySet().stream().map(i -> engagements.get(i).floatValue()).toArray(Float[]::new);
    removed.put("co_visits (pairs adjusted)", (long) a.size());
    removed.put("item_engagement (items adjusted)", (long) items.length);
    return tx.preparedQuery("""
            UPDATE co_visits c SET weight = c.weight - x.w
            FROM unnest($2::text[], $3::text[], $4::real[]) AS x(a, b, w)
            WHERE c.tenant_id = $1 AND c.item_id = x.a AND c.other_id = x.b
            """).execute(Tuple.of(tenant, a.toArray(String[]::new), b.toArray(String[]::new), w.toArray(Float[]::new)))
        .chain(() -> tx.preparedQuery("DELETE FROM co_visits WHERE tenant_id = $1 AND item_id = ANY($2) AND weight < $3")
            .execute(Tuple.of(tenant, items, ZERO)))
        .chain(() -> tx.preparedQuery("""
            UPDATE item_engagement e SET engagements = e.engagements - x.n
            FROM unnest($2::text[], $3::real[]) AS x(i, n) WHERE e.tenant_id = $1 AND e.item_id = x.i
            """).execute(Tuple.of(tenant, items, counts)))
        .chain(() -> tx.preparedQuery("DELETE FROM item_engagement WHERE tenant_id = $1 AND item_id = ANY($2) AND engagements < $3")
            .execute(Tuple.of(tenant, items, ZERO)))
        .replaceWithVoid();
  }

  private static Uni<Void> deleteRows(SqlConnection tx, UUID tenant, String pseudonym, Map<String, Long> removed) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String table : List.of("interest_clusters", "interest_profiles", "interest_clusters_build",
        "interest_profiles_build", "user_consent", "user_items", "user_serving", "user_candidates", "candidates_dirty")) {
      chain = chain.chain(() -> count(tx, removed, table, "DELETE FROM " + table + " WHERE tenant_id = $1 AND user_id = $2",
          Tuple.of(tenant, pseudonym)));
    }
    return chain;
  }

  private static Uni<Void> count(SqlConnection tx, Map<String, Long> removed, String table, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).invoke(r -> removed.put(table, (long) r.rowCount())).replaceWithVoid();
  }

  private static String json(Map<String, Long> removed) {
    StringBuilder sb = new StringBuilder("{");
    removed.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return sb.append('}').toString();
  }
}
