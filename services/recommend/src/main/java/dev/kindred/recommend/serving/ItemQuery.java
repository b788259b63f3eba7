package dev.kindred.recommend.serving;

import dev.kindred.inference.Vectors;
import dev.kindred.tenancy.ItemFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every catalogue read one served list needs, as ONE statement: the parts a request asks for
 * (nearest items to each query vector, items co-visited with the user's latest ones, items by id —
 * proposed, given, cited, turned down, pinned) are branches of a {@code UNION ALL} with the same
 * columns, each row tagged with its part. Every row carries its tenant boost factor (the boost rules
 * as SQL), so ranking needs no further read. The tenant is bound by the caller's transaction (RLS).
 */
public final class ItemQuery {

  /** One returned item row: which part (and, for nearest, which query) it answers. */
  public record Item(String part, int ord, String itemId, String title, List<String> categories, float[] vector,
      Instant addedAt, double score, String anchor, double boost) {
  }

  /** The rows by part. */
  public record Result(Map<String, List<Item>> parts) {

    public List<Item> part(String name) {
      return parts.getOrDefault(name, List.of());
    }
  }

  /** The ord of rows {@link #nearestTo} read from a precomputed list (live search: 1). */
  public static final int LISTED_ORD = 2;
  // Vectors travel in pgvector's binary form (no boxed floats, no decimal text).
  private static final String COLUMNS = "it.item_id, it.title, it.categories, vector_send(it.embedding) AS v, it.created_at";
  private static final String LIVE = "it.embedding IS NOT NULL AND NOT it.removed AND it.available";
  private final List<String> branches = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();
  private final String boost;

  /** {@code boostRules}: the tenant's boost rules as {@link TenantRules#boostSql} writes them (SQL over {@code it}). */
  public ItemQuery(TenantRules.BoostSql boostRules) {
    this.boost = boostRules.expression(params);
  }

  public boolean isEmpty() {
    return branches.isEmpty();
  }

  /**
   * The {@code n} nearest live items passing {@code filter} to each query vector (HNSW; part {@code part},
   * ord = query index + 1). The queries arrive as one {@code real[]} (binary), each sliced and cast to a
   * vector once in its own lateral row: a cast inside the lateral ORDER BY is evaluated again and again,
   * and made each search 2× slower.
   */
  public ItemQuery nearest(String part, List<float[]> queries, int n, ItemFilter filter) {
    if (queries.isEmpty()) {
      return this;
    }
    int d = queries.get(0).length;
    String q = param(Vectors.flat(queries));
    String count = param(queries.size());
    String limit = param(n);
    String where = filter.sql("it", params.size() + 1, params);
    branches.add("""
        SELECT '%s'::text AS part, q.ord::int AS ord, %s, 1 - (it.embedding <=> q.c) AS score, NULL::text AS anchor,
               %s AS boost
        FROM generate_series(1, %s) AS o(ord)
        CROSS JOIN LATERAL (SELECT o.ord, (%s::real[])[(o.ord - 1) * %d + 1 : o.ord * %d]::vector AS c) q
        CROSS JOIN LATERAL (SELECT * FROM items it WHERE %s AND %s ORDER BY it.embedding <=> q.c LIMIT %s) it
        """.formatted(part, COLUMNS, boost, count, q, d, d, LIVE, where, limit));
    return this;
  }

  /**
   * The {@code n} nearest live items to a catalogue item, and the item itself (part {@code part + "-anchor"}).
   * With {@code listed}, read from the item's precomputed list (V29 {@code item_neighbours}, the
   * worker's; the filter applied as read) when it has one, and searched live (HNSW) only when it has
   * none: the list's existence is checked once in the statement, before the search would run.
   */
  public ItemQuery nearestTo(String part, String itemId, int n, ItemFilter filter, boolean listed) {
    String id = param(itemId);
    String limit = param(n);
    String where = filter.sql("it", params.size() + 1, params);
    branches.add("""
        SELECT '%1$s-anchor'::text, 0, %2$s, 1::float8, NULL::text, %3$s FROM items it WHERE it.item_id = %4$s AND %5$s
        """.formatted(part, COLUMNS, boost, id, LIVE));
    if (listed) {
      branches.add("""
          SELECT '%1$s'::text, %8$d, %2$s, l.sim::float8, NULL::text, %3$s
          FROM (SELECT u.id, u.sim FROM item_neighbours nb CROSS JOIN LATERAL unnest(nb.items, nb.sims) AS u(id, sim)
                WHERE nb.item_id = %4$s) l
          JOIN items it ON it.item_id = l.id AND %5$s AND %6$s
          ORDER BY l.sim DESC LIMIT %7$s
          """.formatted(part, COLUMNS, boost, id, LIVE, where, limit, LISTED_ORD));
    }
    String unlisted = listed ? " AND NOT EXISTS (SELECT 1 FROM item_neighbours nb WHERE nb.item_id = %s)".formatted(id) : "";
    branches.add("""
        SELECT '%1$s'::text, 1, %2$s, 1 - (it.embedding <=> a.embedding), NULL::text, %3$s
        FROM (SELECT embedding FROM items WHERE item_id = %4$s AND embedding IS NOT NULL%8$s) a
        CROSS JOIN LATERAL (SELECT * FROM items it WHERE %5$s AND %6$s AND it.item_id <> %4$s
                            ORDER BY it.embedding <=> a.embedding LIMIT %7$s) it
        """.formatted(part, COLUMNS, boost, id, LIVE, where, limit, unlisted));
    return this;
  }

  /**
   * Items often engaged with next to {@code anchors} (weighted), cosine-normalised co-visitation, the
   * best {@code n} passing {@code filter}; {@code anchor} is the anchor that contributed most.
   */
  public ItemQuery coVisited(String part, List<String> anchors, List<Double> weights, int n, ItemFilter filter) {
    if (anchors.isEmpty()) {
      return this;
    }
    String a = param(anchors.toArray(String[]::new));
    String w = param(weights.toArray(Double[]::new));
    String limit = param(n);
    String where = filter.sql("it", params.size() + 1, params);
    branches.add("""
        SELECT '%s'::text, 0, %s, s.score, s.anchor, %s
        FROM (SELECT v.other_id, sum(r.w * v.weight / sqrt(ea.engagements * eb.engagements)) AS score,
                     (array_agg(v.item_id ORDER BY r.w * v.weight DESC))[1] AS anchor
              FROM unnest(%s::text[], %s::float8[]) AS r(item, w)
              JOIN co_visits v ON v.item_id = r.item
              JOIN item_engagement ea ON ea.item_id = v.item_id
              JOIN item_engagement eb ON eb.item_id = v.other_id
              WHERE v.other_id <> ALL (%s::text[])
              GROUP BY v.other_id ORDER BY score DESC LIMIT %s) s
        JOIN items it ON it.item_id = s.other_id AND %s
        WHERE %s
        """.formatted(part, COLUMNS, boost, a, w, a, limit, LIVE, where));
    return this;
  }

  /** The given items that are live and pass {@code filter} (null: any state, for citing and avoiding). */
  public ItemQuery byIds(String part, Collection<String> ids, ItemFilter filter) {
    if (ids.isEmpty()) {
      return this;
    }
    String p = param(ids.toArray(String[]::new));
    String where = filter == null ? "it.embedding IS NOT NULL" : LIVE + " AND " + filter.sql("it", params.size() + 1, params);
    branches.add("""
        SELECT '%s'::text, 0, %s, 0::float8, NULL::text, %s FROM items it WHERE it.item_id = ANY (%s::text[]) AND %s
        """.formatted(part, COLUMNS, boost, p, where));
    return this;
  }

  public Uni<Result> run(SqlConnection c) {
    if (branches.isEmpty()) {
      return Uni.createFrom().item(new Result(Map.of()));
    }
    String sql = String.join("UNION ALL\n", branches.stream().map(b -> "(" + b.strip() + ")\n").toList());
    return c.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
      Map<String, List<Item>> parts = new HashMap<>();
      for (Row r : rows) {
        String part = r.getString(0);
        parts.computeIfAbsent(part, k -> new ArrayList<>()).add(new Item(part, r.getInteger(1), r.getString(2),
            r.getString(3), categories(r.getArrayOfStrings(4)), Vectors.fromPgBinary(r.getBuffer(5).getBytes()),
            instant(r.getOffsetDateTime(6)),
            r.getDouble(7) == null ? 0 : r.getDouble(7), r.getString(8), r.getDouble(9) == null ? 1 : r.getDouble(9)));
      }
      return new Result(parts);
    });
  }

  private String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  private static List<String> categories(String[] c) {
    return c == null ? List.of() : Arrays.asList(c);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
