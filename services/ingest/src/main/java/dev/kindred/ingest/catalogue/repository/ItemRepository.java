package dev.kindred.ingest.catalogue.repository;

import dev.kindred.events.ItemUpserted;
import dev.kindred.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The items projection (same-transaction with the ItemUpserted / ItemRemoved events). */
@ApplicationScoped
public class ItemRepository {

  // One statement per batch. A changed title or description drops the stored vector so the
  // embedding projection re-embeds exactly the items whose text changed.
  private static final String UPSERT = """
      INSERT INTO items (tenant_id, item_id, title, description, categories, tags, attributes, available,
                         image_url, removed, last_event_seq, updated_at)
      SELECT $1, x.id, x.title, x.description,
             ARRAY(SELECT jsonb_array_elements_text(coalesce(x.categories, '[]'::jsonb))),
             ARRAY(SELECT jsonb_array_elements_text(coalesce(x.tags, '[]'::jsonb))),
             coalesce(x.attributes, '{}'::jsonb), x.available, x."imageUrl", false, x.seq, now()
      FROM jsonb_to_recordset($2::text::jsonb) AS x(id text, title text, description text, categories jsonb,
           tags jsonb, attributes jsonb, available boolean, "imageUrl" text, seq bigint)
      ON CONFLICT (tenant_id, item_id) DO UPDATE SET
        title = EXCLUDED.title, description = EXCLUDED.description, categories = EXCLUDED.categories,
        tags = EXCLUDED.tags, attributes = EXCLUDED.attributes, available = EXCLUDED.available,
        image_url = EXCLUDED.image_url, removed = false, last_event_seq = EXCLUDED.last_event_seq,
        updated_at = now(),
        embedding = CASE WHEN items.title IS DISTINCT FROM EXCLUDED.title
                           OR items.description IS DISTINCT FROM EXCLUDED.description
                         THEN NULL ELSE items.embedding END,
        embedding_model = CASE WHEN items.title IS DISTINCT FROM EXCLUDED.title
                           OR items.description IS DISTINCT FROM EXCLUDED.description
                         THEN NULL ELSE items.embedding_model END
      """;

  public Uni<Void> upsert(SqlConnection c, UUID tenantId, List<ItemUpserted> items, Map<String, Long> seqByItem) {
    List<Map<String, Object>> rows = new ArrayList<>(items.size());
    for (ItemUpserted i : items) {
      Map<String, Object> m = new HashMap<>();
      m.put("id", i.itemId());
      m.put("title", i.title());
      m.put("description", i.description());
      m.put("categories", i.categories());
      m.put("tags", i.tags());
      m.put("attributes", i.attributes());
      m.put("available", i.available());
      m.put("imageUrl", i.imageUrl());
      m.put("seq", seqByItem.get(i.itemId()));
      rows.add(m);
    }
    String json;
    try {
      json = JsonBodies.MAPPER.writeValueAsString(rows);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return c.preparedQuery(UPSERT).execute(Tuple.of(tenantId, json)).replaceWithVoid();
  }

  /** Marks the item removed; false when the tenant has no such live item. */
  public Uni<Boolean> markRemoved(SqlConnection c, UUID tenantId, String itemId, long seq) {
    return c.preparedQuery("""
            UPDATE items SET removed = true, available = false, last_event_seq = $3, updated_at = now()
            WHERE tenant_id = $1 AND item_id = $2 AND NOT removed
            """)
        .execute(Tuple.of(tenantId, itemId, seq)).map(r -> r.rowCount() == 1);
  }

  public Uni<Boolean> isLive(SqlConnection c, UUID tenantId, String itemId) {
    return c.preparedQuery("SELECT 1 FROM items WHERE tenant_id = $1 AND item_id = $2 AND NOT removed")
        .execute(Tuple.of(tenantId, itemId)).map(r -> r.size() == 1);
  }

  /** Which of these ids the tenant's catalogue has (row-level security hides other tenants'). */
  public Uni<Set<String>> existing(SqlConnection c, UUID tenantId, Set<String> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    return c.preparedQuery("SELECT item_id FROM items WHERE tenant_id = $1 AND item_id = ANY($2)")
        .execute(Tuple.of(tenantId, ids.toArray(new String[0])))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          for (Row r : rows) {
            out.add(r.getString("item_id"));
          }
          return out;
        });
  }
}
