package dev.kindred.recommend.catalogue.repository;

import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A page of the tenant's catalogue for people browsing it (the console): by item id, optionally
 * only items whose id or title contains a text, with the embedding status of each. Keyset-free
 * offset paging over the primary key: fine for browsing, not for exporting a catalogue.
 */
@ApplicationScoped
public class CatalogueReader {

  private final Pool pool;

  public CatalogueReader(Pool pool) {
    this.pool = pool;
  }

  public Uni<Map<String, Object>> page(UUID tenant, String text, int offset, int limit) {
    String like = text == null || text.isBlank() ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%")
        .replace("_", "\\_") + "%";
    record Read(io.vertx.mutiny.sqlclient.RowSet<Row> rows, long total) {}
    // Two statements, not count(*) OVER (): a window count makes every page read and sort all the
    // tenant's matching rows (0.25–0.4 s a page at 100k items), while the page alone walks the
    // primary key in item order and stops at offset + limit.
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("""
            SELECT item_id, title, categories, available, removed, embedding IS NOT NULL AS embedded, embedding_model,
                   updated_at
            FROM items WHERE ($1::text IS NULL OR item_id ILIKE $1 OR title ILIKE $1)
            ORDER BY item_id OFFSET $2 LIMIT $3
            """).execute(Tuple.of(like, offset, limit))
        .chain(page -> c.preparedQuery("SELECT count(*) FROM items WHERE ($1::text IS NULL OR item_id ILIKE $1 OR title ILIKE $1)")
            .execute(Tuple.of(like)).map(count -> new Read(page, count.iterator().next().getLong(0)))))
        .map(read -> {
          long total = read.total();
          List<Map<String, Object>> items = new ArrayList<>();
          for (Row r : read.rows()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("itemId", r.getString("item_id"));
            i.put("title", r.getString("title"));
            i.put("categories", List.of(r.getArrayOfStrings("categories")));
            i.put("available", r.getBoolean("available"));
            i.put("removed", r.getBoolean("removed"));
            i.put("embedded", r.getBoolean("embedded"));
            i.put("embeddingModel", r.getString("embedding_model"));
            i.put("updatedAt", r.getOffsetDateTime("updated_at").toString());
            items.add(i);
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("total", total);
          out.put("offset", offset);
          out.put("items", items);
          return out;
        });
  }
}
