package dev.kindred.worker.covisit;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.eventstore.EventQueries;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.Position;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Maintains co-visitation (the {@code co-visit} candidate source): for each engagement, the items
 * the same user engaged with just before (up to {@link #WINDOW} back, read from their stream for
 * the first event of a batch) count as visited together, weight 1/distance, both directions; each
 * item's engagements are counted for the cosine normalisation. Counting is additive, so each
 * tenant's position is stored with the counts and checked under a row lock: a batch already
 * counted (by an earlier owner of the lease) is prepared again from the new position. Trending's
 * read model ({@code item_heat}, each item's decayed heat: {@link Heat}) is kept in the same batch
 * under the same position; it also counts what system streams (anonymous visitors) engaged with.
 */
@ApplicationScoped
public class CoVisitProjection implements SubscriptionHandler<Map<UUID, CoVisitProjection.Counts>> {

  public static final String NAME = "co-visits";
  public static final int WINDOW = 5;
  public static final List<String> ENGAGEMENTS = EventType.engagementNames();
  public static final Set<String> TYPES = Set.copyOf(ENGAGEMENTS);
  private static final Duration DB = Duration.ofSeconds(30);

  /** One tenant's increments for a batch, and the position they start from and reach. */
  public record Counts(Position from, Position to, Map<String, Double> pairs, Map<String, Double> engagements,
      ItemHeat heat) {
  }

  private final Pool pool;

  public CoVisitProjection(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Map<UUID, Counts> prepare(List<Delivered> events) {
    Map<UUID, List<Delivered>> byTenant = new LinkedHashMap<>();
    for (Delivered d : events) {
      if (d.envelope().itemId() != null) {
        byTenant.computeIfAbsent(d.envelope().tenantId(), t -> new ArrayList<>()).add(d);
      }
    }
    Map<UUID, Counts> out = new LinkedHashMap<>();
    byTenant.forEach((tenant, list) -> out.put(tenant, count(tenant, list)));
    return out;
  }

  private Counts count(UUID tenant, List<Delivered> events) {
    Map<String, Long> firstSeq = new LinkedHashMap<>();
    for (Delivered d : events) {
      if (EventEnvelope.userStream(d.envelope().streamKey())) {
        firstSeq.putIfAbsent(d.envelope().streamKey(), d.envelope().seq());
      }
    }
    Position from = TenantTx.run(pool, tenant, c -> position(c, tenant)).await().atMost(DB);
    Map<String, List<String>> sequences = TenantTx.run(pool, tenant, c -> EventQueries.itemsBefore(c, firstSeq, ENGAGEMENTS, WINDOW)).await().atMost(DB);
    Map<String, Double> pairs = new HashMap<>();
    Map<String, Double> engagements = new HashMap<>();
    ItemHeat heat = new ItemHeat();
    Position to = from;
    for (Delivered d : events) {
      if (d.position().compareTo(from) <= 0) {
        continue;
      }
      to = d.position();
      EventEnvelope e = d.envelope();
      heat.add(e.itemId(), e.recordedAt());
      if (EventEnvelope.userStream(e.streamKey())) {
        count(sequences.computeIfAbsent(e.streamKey(), u -> new ArrayList<>()), e.itemId(), pairs, engagements);
      }
    }
    return new Counts(from, to, pairs, engagements, heat);
  }

  /**
   * What one engagement adds, given the user's items before it ({@code seq}, oldest first, which
   * it then joins): 1/distance to each pair with the last {@link #WINDOW}, both ways, and one
   * engagement of the item. Erasure replays a user's stream through this to take it back out.
   */
  public static void count(List<String> seq, String item, Map<String, Double> pairs, Map<String, Double> engagements) {
    for (int dist = 1; dist <= WINDOW && dist <= seq.size(); dist++) {
      String other = seq.get(seq.size() - dist);
      if (!other.equals(item)) {
        pairs.merge(item + '\u0000' + other, 1.0 / dist, Double::sum);
        pairs.merge(other + '\u0000' + item, 1.0 / dist, Double::sum);
      }
    }
    engagements.merge(item, 1.0, Double::sum);
    seq.add(item);
  }

  private static Uni<Position> position(SqlConnection c, UUID tenant) {
    return c.preparedQuery("SELECT last_tx_id::text, last_seq FROM co_visit_positions WHERE tenant_id = $1")
        .execute(Tuple.of(tenant)).map(rows -> {
          for (Row r : rows) {
            return new Position(Long.parseUnsignedLong(r.getString(0)), r.getLong(1));
          }
          return Position.START;
        });
  }

  @Override
  public Uni<Void> apply(SqlConnection tx, List<Delivered> events, Map<UUID, Counts> prepared) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, Counts> t : prepared.entrySet()) {
      UUID tenant = t.getKey();
      Counts k = t.getValue();
      if (k.to().equals(k.from())) {
        continue;
      }
      chain = chain.chain(() -> TenantTx.bind(tx, tenant)).chain(() -> checkPosition(tx, tenant, k.from()))
          .chain(() -> write(tx, tenant, k));
    }
    return chain;
  }

  private static Uni<Void> checkPosition(SqlConnection tx, UUID tenant, Position expected) {
    return tx.preparedQuery("INSERT INTO co_visit_positions (tenant_id, last_tx_id, last_seq) VALUES ($1, '0', 0) "
            + "ON CONFLICT DO NOTHING").execute(Tuple.of(tenant))
        .chain(() -> tx.preparedQuery("SELECT last_tx_id::text, last_seq FROM co_visit_positions WHERE tenant_id = $1 FOR UPDATE")
            .execute(Tuple.of(tenant)))
        .invoke(rows -> {
          Row r = rows.iterator().next();
          Position now = new Position(Long.parseUnsignedLong(r.getString(0)), r.getLong(1));
          if (!now.equals(expected)) {
            throw new IllegalStateException("co-visits of tenant " + tenant + " moved to " + now
                + " since this batch was prepared; preparing it again");
          }
        }).replaceWithVoid();
  }

  private static Uni<Void> write(SqlConnection tx, UUID tenant, Counts k) {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    List<Float> w = new ArrayList<>();
    k.pairs().forEach((key, value) -> {
      int cut = key.indexOf('\u0000');
      a.add(key.substring(0, cut));
      b.add(key.substring(cut + 1));
      w.add(value.floatValue());
    });
    List<String> items = new ArrayList<>(k.engagements().keySet());
    Float[] counts = items.stream().map(i -> k.engagements().get(i).floatValue()).toArray(Float[]::new);
    return tx.preparedQuery("""
            INSERT INTO co_visits (tenant_id, item_id, other_id, weight)
            SELECT $1, a, b, w FROM unnest($2::text[], $3::text[], $4::real[]) AS x(a, b, w)
            ON CONFLICT (tenant_id, item_id, other_id) DO UPDATE SET weight = co_visits.weight + EXCLUDED.weight
            """).execute(Tuple.of(tenant, a.toArray(String[]::new), b.toArray(String[]::new), w.toArray(Float[]::new)))
        .chain(() -> tx.preparedQuery("""
            INSERT INTO item_engagement (tenant_id, item_id, engagements)
            SELECT $1, i, n FROM unnest($2::text[], $3::real[]) AS x(i, n)
            ON CONFLICT (tenant_id, item_id) DO UPDATE SET engagements = item_engagement.engagements + EXCLUDED.engagements
            """).execute(Tuple.of(tenant, items.toArray(String[]::new), counts)))
        .chain(() -> k.heat().add(tx, tenant))
        .chain(() -> tx.preparedQuery("UPDATE co_visit_positions SET last_tx_id = $2::text::xid8, last_seq = $3 WHERE tenant_id = $1")
            .execute(Tuple.of(tenant, Long.toUnsignedString(k.to().txId()), k.to().seq())))
        .replaceWithVoid();
  }
}
