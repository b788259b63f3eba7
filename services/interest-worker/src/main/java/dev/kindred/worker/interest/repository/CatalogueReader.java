package dev.kindred.worker.interest.repository;

import dev.kindred.inference.Vectors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the interest projection reads of a tenant's catalogue (tenant bound by the caller). */
@ApplicationScoped
public class CatalogueReader {

  /** An item's text, the event that set it, and its vector under the current model (null until known). */
  public record ItemInfo(String itemId, String title, String description, List<String> categories, long seq,
      float[] vector) {
  }

  private record Cached(long seq, String model, float[] vector) {
  }

  private static final int CACHE = 200_000;
  // Item vectors by (tenant, item); an entry is valid only for the text of the event seq it holds.
  private final Map<String, Cached> vectors = new java.util.LinkedHashMap<>(4096, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
      return size() > CACHE;
    }
  };

  /** Items by id; vectors come from memory when the item's text is unchanged, else from the table. */
  public Uni<Map<String, ItemInfo>> items(SqlConnection c, UUID tenantId, Collection<String> ids, String model) {
    List<String> known = new ArrayList<>();
    synchronized (vectors) {
      for (String id : ids) {
        if (vectors.containsKey(tenantId + "/" + id)) {
          known.add(id);
        }
      }
    }
    return c.preparedQuery("""
            SELECT item_id, title, description, categories, last_event_seq,
                   CASE WHEN embedding_model = $3 AND NOT item_id = ANY ($4) THEN vector_send(embedding) END AS embedding
            FROM items WHERE tenant_id = $1 AND item_id = ANY ($2)
            """).execute(Tuple.of(tenantId, ids.toArray(String[]::new), model, known.toArray(String[]::new)))
        .map(rows -> {
          Map<String, ItemInfo> out = new HashMap<>();
          for (Row r : rows) {
            String id = r.getString("item_id");
            long seq = r.getLong("last_event_seq");
            var binary = r.getBuffer("embedding");
            float[] v = binary == null ? null : Vectors.fromPgBinary(binary.getBytes());
            synchronized (vectors) {
              Cached cached = vectors.get(tenantId + "/" + id);
              if (v == null && cached != null && cached.seq() == seq && cached.model().equals(model)) {
                v = cached.vector();
              } else if (v != null) {
                vectors.put(tenantId + "/" + id, new Cached(seq, model, v));
              }
            }
            String[] cats = r.getArrayOfStrings("categories");
            out.put(id, new ItemInfo(id, r.getString("title"), r.getString("description"),
                cats == null ? List.of() : Arrays.asList(cats), seq, v));
          }
          return out;
        });
  }

  /** Remembers a vector computed from an item's current text (when the table had none yet). */
  public void remember(UUID tenantId, ItemInfo item, String model) {
    synchronized (vectors) {
      vectors.put(tenantId + "/" + item.itemId(), new Cached(item.seq(), model, item.vector()));
    }
  }

  /** The vectors of the {@code k} live items nearest to {@code v} (HNSW, cosine). */
  public Uni<List<float[]>> nearest(SqlConnection c, UUID tenantId, float[] v, int k) {
    return c.preparedQuery("""
            SELECT vector_send(embedding) FROM items WHERE tenant_id = $1 AND embedding IS NOT NULL AND NOT removed
            ORDER BY embedding <=> $2::vector LIMIT $3
            """).execute(Tuple.of(tenantId, Vectors.toPgVector(v), k))
        .map(rows -> {
          List<float[]> out = new ArrayList<>();
          rows.forEach(r -> out.add(Vectors.fromPgBinary(r.getBuffer(0).getBytes())));
          return out;
        });
  }

  public Uni<List<String>> titles(SqlConnection c, UUID tenantId, int limit) {
    return c.preparedQuery("SELECT title FROM items WHERE tenant_id = $1 AND NOT removed LIMIT $2")
        .execute(Tuple.of(tenantId, limit))
        .map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }
}
