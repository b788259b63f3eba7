package dev.kindred.recommend.feed.repository;

import dev.kindred.inference.Vectors;
import dev.kindred.recsys.Candidate;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recsys.Heat;
import dev.kindred.recsys.Source;
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

/**
 * The catalogue reads outside a served list's one statement ({@code serving.ItemQuery}): item vectors
 * (quality metrics) and the trending aggregation (cached by {@code TrendingService}); and the shape of
 * a user's latest engagement.
 */
@ApplicationScoped
public class FeedReader {

  /** One of the user's latest engagements: what, when, with which item. */
  public record Recent(String itemId, String type, String title, java.time.Instant at) {

    /** This engagement as an explanation cites it (the wire name of its type). */
    public dev.kindred.interest.SupportingEvent asSupport() {
      dev.kindred.events.EventType t = dev.kindred.events.EventType.fromStoredName(type);
      return new dev.kindred.interest.SupportingEvent(0, t == null ? type : t.wireName(), itemId, title, at);
    }
  }

  /** Vectors of the given items (to pick the supporting events nearest to a recommendation). */
  public Uni<Map<String, float[]>> vectors(SqlConnection c, Collection<String> itemIds) {
    return c.preparedQuery("SELECT item_id, embedding::real[] FROM items WHERE item_id = ANY ($1) AND embedding IS NOT NULL")
        .execute(Tuple.of((Object) itemIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, float[]> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), Vectors.unbox(r.getArrayOfFloats(1))));
          return out;
        });
  }

  /**
   * Popular now: items engaged with in the last 14 days, hottest first — each engagement counting
   * {@code 2^(−age / 3 days)}, so yesterday's burst outranks last week's — read from trending's read
   * model ({@code item_heat}, kept by the worker's co-visit projection) down its index; only items
   * passing {@code filter}. The score is the heat now.
   */
  public Uni<List<Candidate>> trending(SqlConnection c, int n, ItemFilter filter) {
    List<Object> params = new ArrayList<>(List.of(n, Heat.of(java.time.Instant.now())));
    String where = filter.sql("i", 3, params);
    return c.preparedQuery("""
            SELECT i.item_id, i.title, i.categories, i.embedding::real[] AS v, power(2::float8, h.heat - $2) AS heat
            FROM item_heat h
            JOIN items i ON i.item_id = h.item_id AND NOT i.removed AND i.available AND i.embedding IS NOT NULL
            WHERE h.last_at > now() - interval '14 days' AND %s
            ORDER BY h.heat DESC, i.item_id LIMIT $1
            """.formatted(where)).execute(Tuple.from(params))
        .map(rows -> {
          List<Candidate> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Candidate(r.getString("item_id"), r.getString("title"), categories(r),
                Vectors.unbox(r.getArrayOfFloats("v")), List.of(new Candidate.Hit(Source.of(Source.TRENDING), 0)),
                r.getDouble("heat")));
          }
          return out;
        });
  }

  private static List<String> categories(Row r) {
    String[] cats = r.getArrayOfStrings("categories");
    return cats == null ? List.of() : Arrays.asList(cats);
  }
}
