package dev.kindred.worker.covisit;

import dev.kindred.recsys.Heat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The heat a batch of engagements adds to trending's read model ({@code item_heat}), summed per
 * item in the logarithm ({@link Heat}) so the batch costs one upsert; and the same, subtracted,
 * when an erased user's engagements are taken back out.
 */
public final class ItemHeat {

  /** A remainder this small against what is subtracted is rounding: the item had no other heat. */
  private static final double ROUNDING = 1e-9;
  private final Map<String, Double> heat = new HashMap<>();
  private final Map<String, Instant> last = new HashMap<>();

  public void add(String itemId, Instant recordedAt) {
    Instant at = recordedAt != null ? recordedAt : Instant.now();
    heat.merge(itemId, Heat.of(at), Heat::add);
    last.merge(itemId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  public boolean isEmpty() {
    return heat.isEmpty();
  }

  /** Adds this heat to the tenant's items (the caller's transaction is bound to the tenant). */
  public Uni<Void> add(SqlConnection tx, UUID tenant) {
    if (heat.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Columns c = columns();
    return tx.preparedQuery("""
            INSERT INTO item_heat (tenant_id, item_id, heat, last_at)
            SELECT $1, i, h, t FROM unnest($2::text[], $3::float8[], $4::timestamptz[]) AS x(i, h, t)
            ON CONFLICT (tenant_id, item_id) DO UPDATE
              SET heat = kindred_log2_add(item_heat.heat, EXCLUDED.heat), last_at = greatest(item_heat.last_at, EXCLUDED.last_at)
            """).execute(Tuple.of(tenant, c.items(), c.heat(), c.last())).replaceWithVoid();
  }

  /**
   * Takes this heat back out of the tenant's items: an item left with nothing but rounding is
   * removed. {@code last_at} stays: it only decides whether an item is listed at all.
   */
  public Uni<Void> subtract(SqlConnection tx, UUID tenant) {
    if (heat.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Columns c = columns();
    return tx.preparedQuery("""
            DELETE FROM item_heat h USING unnest($2::text[], $3::float8[]) AS x(i, h)
            WHERE h.tenant_id = $1 AND h.item_id = x.i AND x.h >= h.heat + ln(1 - $4::float8) / ln(2::float8)
            """).execute(Tuple.of(tenant, c.items(), c.heat(), ROUNDING))
        .chain(() -> tx.preparedQuery("""
            UPDATE item_heat h SET heat = kindred_log2_subtract(h.heat, x.h)
            FROM unnest($2::text[], $3::float8[]) AS x(i, h) WHERE h.tenant_id = $1 AND h.item_id = x.i
            """).execute(Tuple.of(tenant, c.items(), c.heat())))
        .replaceWithVoid();
  }

  private record Columns(String[] items, Double[] heat, OffsetDateTime[] last) {
  }

  private Columns columns() {
    List<String> items = new ArrayList<>(heat.keySet());
    return new Columns(items.toArray(String[]::new), items.stream().map(heat::get).toArray(Double[]::new),
        items.stream().map(i -> last.get(i).atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new));
  }
}
