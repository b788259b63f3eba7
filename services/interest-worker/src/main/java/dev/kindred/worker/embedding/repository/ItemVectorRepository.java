package dev.kindred.worker.embedding.repository;

import dev.kindred.inference.Vectors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Item vectors in {@code items.embedding}. Callers bind the tenant first (row-level security);
 * a vector is written only if the item still has the text it was computed from
 * ({@code last_event_seq} unchanged), so a late write never overwrites a newer text's vector.
 */
@ApplicationScoped
public class ItemVectorRepository {

  /** An item whose text needs a vector under the current model. */
  public record ItemToEmbed(String itemId, String title, String description, List<String> categories, long seq) {
  }

  public record ItemVector(String itemId, long seq, float[] vector) {
  }

  private static final String COLUMNS = "item_id, title, description, categories, last_event_seq";

  public Uni<List<ItemToEmbed>> needing(SqlConnection c, UUID tenantId, List<String> itemIds, String model) {
    return c.preparedQuery("SELECT " + COLUMNS + """
             FROM items WHERE tenant_id = $1 AND item_id = ANY ($2) AND NOT removed
              AND embedding_model IS DISTINCT FROM $3
            """).execute(Tuple.of(tenantId, itemIds.toArray(String[]::new), model))
        .map(ItemVectorRepository::toItems);
  }

  /** Live items after {@code afterItemId} in id order; only those lacking a current vector unless {@code all}. */
  public Uni<List<ItemToEmbed>> page(SqlConnection c, UUID tenantId, String model, boolean all,
      String afterItemId, int limit) {
    return c.preparedQuery("SELECT " + COLUMNS + """
             FROM items WHERE tenant_id = $1 AND NOT removed AND item_id > $2
              AND ($3 OR embedding_model IS DISTINCT FROM $4)
            ORDER BY item_id LIMIT $5
            """).execute(Tuple.of(tenantId, afterItemId, all, model, limit))
        .map(ItemVectorRepository::toItems);
  }

  public Uni<Long> count(SqlConnection c, UUID tenantId, String model, boolean all) {
    return c.preparedQuery("""
            SELECT count(*) AS n FROM items WHERE tenant_id = $1 AND NOT removed
              AND ($2 OR embedding_model IS DISTINCT FROM $3)
            """).execute(Tuple.of(tenantId, all, model))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Writes the vectors; returns how many items still had the embedded text. */
  public Uni<Integer> write(SqlConnection c, UUID tenantId, String model, List<ItemVector> vectors) {
    String[] ids = new String[vectors.size()];
    String[] values = new String[vectors.size()];
    Long[] seqs = new Long[vectors.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vectors.get(i).itemId();
      values[i] = Vectors.toPgVector(vectors.get(i).vector());
      seqs[i] = vectors.get(i).seq();
    }
    return c.preparedQuery("""
            UPDATE items i SET embedding = v.vec::vector, embedding_model = $5
            FROM unnest($2::text[], $3::text[], $4::bigint[]) AS v(item_id, vec, seq)
            WHERE i.tenant_id = $1 AND i.item_id = v.item_id AND i.last_event_seq = v.seq
            """).execute(Tuple.of(tenantId, ids, values, seqs, model))
        .map(RowSet::rowCount);
  }

  private static List<ItemToEmbed> toItems(RowSet<Row> rows) {
    List<ItemToEmbed> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String[] cats = r.getArrayOfStrings("categories");
      out.add(new ItemToEmbed(r.getString("item_id"), r.getString("title"), r.getString("description"),
          cats == null ? List.of() : Arrays.asList(cats), r.getLong("last_event_seq")));
    }
    return out;
  }
}
