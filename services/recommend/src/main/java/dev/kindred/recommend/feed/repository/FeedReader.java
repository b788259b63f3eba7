package dev.kindred.recommend.feed.repository;

import dev.kindred.events.EventCodec;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.ProfileCodec;
import dev.kindred.recsys.Candidate;
import dev.kindred.tenancy.ItemFilter;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the home feed reads (tenant bound by the caller): profile, item neighbours, consumed items, trending. */
@ApplicationScoped
public class FeedReader {

  private static final int DIMENSION = 384;

  public Uni<Optional<InterestProfile>> profile(SqlConnection c, String pseudonym) {
    return c.preparedQuery("SELECT profile::text AS doc, centroids FROM interest_profiles WHERE user_id = $1")
        .execute(Tuple.of(pseudonym))
        .map(rows -> {
          for (Row r : rows) {
            return Optional.of(ProfileCodec.decode(r.getString("doc"),
                ProfileCodec.unpackCentroids(r.getBuffer("centroids").getBytes(), DIMENSION)));
          }
          return Optional.empty();
        });
  }

  /**
   * The {@code n} nearest live, available items passing {@code filter} to each query vector, in one
   * statement (one HNSW search per vector), as candidates of the matching source. With a filter the
   * index scan is iterative (pgvector 0.8), so a narrow filter still fills {@code n}.
   */
  public Uni<List<Candidate>> nearestAll(SqlConnection c, List<float[]> queries, List<Source> sources, int n,
      ItemFilter filter) {
    String[] texts = queries.stream().map(Vectors::toPgVector).toArray(String[]::new);
    List<Object> params = new ArrayList<>(List.of(texts, n));
    String where = filter.sql("it", 3, params);
    Uni<?> scan = filter.isEmpty() ? Uni.createFrom().voidItem()
        : c.query("SET LOCAL hnsw.iterative_scan = relaxed_order").execute();
    return scan.chain(() -> c.preparedQuery("""
            SELECT q.ord, i.item_id, i.title, i.categories, i.embedding::real[] AS v, i.created_at,
                   1 - (i.embedding <=> q.c::vector) AS sim
            FROM unnest($1::text[]) WITH ORDINALITY AS q(c, ord)
            CROSS JOIN LATERAL (
              SELECT item_id, title, categories, embedding, created_at FROM items it
              WHERE embedding IS NOT NULL AND NOT removed AND available AND %s
              ORDER BY embedding <=> q.c::vector LIMIT $2) i
            """.formatted(where)).execute(Tuple.from(params)))
        .map(rows -> {
          List<Candidate> out = new ArrayList<>();
          for (Row r : rows) {
            Source source = sources.get(r.getLong("ord").intValue() - 1);
            out.add(new Candidate(r.getString("item_id"), r.getString("title"), categories(r),
                Vectors.unbox(r.getArrayOfFloats("v")), List.of(new Candidate.Hit(source, r.getDouble("sim"))), 0,
                addedAt(r)));
          }
          return out;
        });
  }

  /** One of the user's latest engagements: what, when, with which item. */
  public record Recent(String itemId, String type, String title, java.time.Instant at) {

    /** This engagement as an explanation cites it (the wire name of its type). */
    public dev.kindred.interest.SupportingEvent asSupport() {
      dev.kindred.events.EventType t = dev.kindred.events.EventType.fromStoredName(type);
      return new dev.kindred.interest.SupportingEvent(0, t == null ? type : t.wireName(), itemId, title, at);
    }
  }

  /**
   * What the event log says of a user's items: engaged with in a consuming way (not recommended
   * again), turned down, and the latest engagements with distinct items (newest first, for co-visit).
   */
  public record UserItems(Set<String> consumed, Set<String> declined, List<Recent> recent) {
  }

  static final String[] ENGAGEMENTS = {"ItemViewed", "ItemClicked", "AddedToCart", "ItemPurchased"};

  /**
   * One read of the user's own stream, not of the profile, so that an event accepted a moment ago
   * already counts: items with an engagement of the given stored types (the tenant's
   * {@code consumedEvents}), items disliked or marked not interested, and the {@code recent} latest
   * engaged-with items.
   */
  public Uni<UserItems> userItems(SqlConnection c, UserKeys.UserKey user, List<String> consumingTypes, int recent) {
    return c.preparedQuery("""
            SELECT g.item_id, g.consumed, g.last_seq, g.last_type, g.last_at, i.title
            FROM (SELECT e.item_id,
                         bool_or(e.type = ANY ($2)) AS consumed,
                         max(e.seq) FILTER (WHERE e.type = ANY ($3)) AS last_seq,
                         (array_agg(e.type ORDER BY e.seq DESC) FILTER (WHERE e.type = ANY ($3)))[1] AS last_type,
                         (array_agg(e.occurred_at ORDER BY e.seq DESC) FILTER (WHERE e.type = ANY ($3)))[1] AS last_at
                  FROM events e
                  WHERE e.stream_key = $1 AND e.item_id IS NOT NULL AND e.type = ANY ($3)
                  GROUP BY e.item_id) g
            LEFT JOIN items i ON i.item_id = g.item_id
            """)
        .execute(Tuple.of(user.pseudonym(), consumingTypes.toArray(String[]::new), ENGAGEMENTS))
        .chain(rows -> declined(c, user).map(declined -> toUserItems(rows, declined, recent)));
  }

  /** Items the user disliked or marked not interested (the kind is inside the sealed payload). */
  private static Uni<Set<String>> declined(SqlConnection c, UserKeys.UserKey user) {
    return c.preparedQuery("""
            SELECT event_id, item_id, payload::text AS payload FROM events
            WHERE stream_key = $1 AND type = 'FeedbackGiven' AND item_id IS NOT NULL
            """).execute(Tuple.of(user.pseudonym())).map(rows -> {
      Set<String> out = new HashSet<>();
      for (Row r : rows) {
        String json = EventStore.openPayload(r.getUUID("event_id"), r.getString("payload"), user.dataKey());
        if (json != null && EventCodec.decode("FeedbackGiven", json) instanceof FeedbackGiven f
            && ("dislike".equals(f.kind()) || "not_interested".equals(f.kind()))) {
          out.add(r.getString("item_id"));
        }
      }
      return out;
    });
  }

  private static UserItems toUserItems(io.vertx.mutiny.sqlclient.RowSet<Row> rows, Set<String> declined, int recent) {
    Set<String> consumed = new HashSet<>();
    List<Row> engaged = new ArrayList<>();
    for (Row r : rows) {
      if (r.getBoolean("consumed")) {
        consumed.add(r.getString("item_id"));
      }
      if (r.getLong("last_seq") != null) {
        engaged.add(r);
      }
    }
    engaged.sort((x, y) -> Long.compare(y.getLong("last_seq"), x.getLong("last_seq")));
    List<Recent> latest = new ArrayList<>();
    for (Row r : engaged.subList(0, Math.min(recent, engaged.size()))) {
      latest.add(new Recent(r.getString("item_id"), r.getString("last_type"), r.getString("title"),
          r.getOffsetDateTime("last_at").toInstant()));
    }
    return new UserItems(consumed, declined, latest);
  }

  /**
   * Items often engaged with next to the {@code anchors} (weighted: the latest counts most), by
   * cosine-normalised co-visitation, as {@code co-visit} candidates (0..1, the best 1) — each with
   * the anchor that contributed most, returned in {@code anchorOf}.
   */
  public Uni<List<Candidate>> coVisited(SqlConnection c, List<String> anchors, List<Double> weights, int n,
      ItemFilter filter, Map<String, String> anchorOf) {
    List<Object> params = new ArrayList<>(List.of(anchors.toArray(String[]::new), weights.toArray(Double[]::new), n));
    String where = filter.sql("i", 4, params);
    return c.preparedQuery("""
            SELECT i.item_id, i.title, i.categories, i.embedding::real[] AS v, i.created_at, s.score, s.anchor
            FROM (SELECT v.other_id, sum(r.w * v.weight / sqrt(ea.engagements * eb.engagements)) AS score,
                         (array_agg(v.item_id ORDER BY r.w * v.weight DESC))[1] AS anchor
                  FROM unnest($1::text[], $2::float8[]) AS r(item, w)
                  JOIN co_visits v ON v.item_id = r.item
                  JOIN item_engagement ea ON ea.item_id = v.item_id
                  JOIN item_engagement eb ON eb.item_id = v.other_id
                  GROUP BY v.other_id ORDER BY score DESC LIMIT $3) s
            JOIN items i ON i.item_id = s.other_id AND NOT i.removed AND i.available AND i.embedding IS NOT NULL
            WHERE %s
            ORDER BY s.score DESC
            """.formatted(where)).execute(Tuple.from(params))
        .map(rows -> {
          List<Candidate> out = new ArrayList<>();
          double top = 0;
          for (Row r : rows) {
            top = Math.max(top, r.getDouble("score"));
          }
          for (Row r : rows) {
            anchorOf.put(r.getString("item_id"), r.getString("anchor"));
            out.add(new Candidate(r.getString("item_id"), r.getString("title"), categories(r),
                Vectors.unbox(r.getArrayOfFloats("v")),
                List.of(new Candidate.Hit(Source.of(Source.CO_VISIT), top == 0 ? 0 : r.getDouble("score") / top)), 0,
                addedAt(r)));
          }
          return out;
        });
  }

  /**
   * The proposed items ({@code similarity} per id, 0..1) that are live, available, embedded and
   * pass {@code filter}, as candidates of {@code source}, likeliest first, at most {@code n}.
   */
  public Uni<List<Candidate>> proposed(SqlConnection c, Map<String, Double> similarity, Source source, int n,
      ItemFilter filter) {
    List<Object> params = new ArrayList<>(List.of((Object) similarity.keySet().toArray(String[]::new)));
    String where = filter.sql("i", 2, params);
    return c.preparedQuery("""
            SELECT i.item_id, i.title, i.categories, i.embedding::real[] AS v, i.created_at FROM items i
            WHERE i.item_id = ANY ($1) AND i.embedding IS NOT NULL AND NOT i.removed AND i.available AND %s
            """.formatted(where)).execute(Tuple.from(params))
        .map(rows -> {
          List<Candidate> out = new ArrayList<>();
          for (Row r : rows) {
            String id = r.getString("item_id");
            out.add(new Candidate(id, r.getString("title"), categories(r), Vectors.unbox(r.getArrayOfFloats("v")),
                List.of(new Candidate.Hit(source, similarity.get(id))), 0, addedAt(r)));
          }
          out.sort(java.util.Comparator.comparingDouble((Candidate x) -> -x.hits().get(0).similarity()));
          return out.size() > n ? out.subList(0, n) : out;
        });
  }

  /** The given items that are live, available and embedded, by id (ranked lists, anchors). */
  public Uni<Map<String, Candidate>> items(SqlConnection c, Collection<String> itemIds) {
    return c.preparedQuery("""
            SELECT item_id, title, categories, embedding::real[] AS v, created_at FROM items
            WHERE item_id = ANY ($1) AND embedding IS NOT NULL AND NOT removed AND available
            """)
        .execute(Tuple.of((Object) itemIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Candidate> out = new HashMap<>();
          for (Row r : rows) {
            out.put(r.getString("item_id"), new Candidate(r.getString("item_id"), r.getString("title"), categories(r),
                Vectors.unbox(r.getArrayOfFloats("v")), List.of(), 0, addedAt(r)));
          }
          return out;
        });
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
   * Popular now: engagements of the last 14 days, each counting {@code 2^(−age / 3 days)}, so
   * yesterday's burst outranks last week's; only items passing {@code filter}.
   */
  public Uni<List<Candidate>> trending(SqlConnection c, int n, ItemFilter filter) {
    List<Object> params = new ArrayList<>(List.of(n));
    String where = filter.sql("i", 2, params);
    return c.preparedQuery("""
            SELECT i.item_id, i.title, i.categories, i.embedding::real[] AS v, t.heat
            FROM (SELECT item_id, sum(exp(-extract(epoch FROM now() - recorded_at) / 86400.0 * ln(2) / 3)) AS heat
                  FROM events
                  WHERE item_id IS NOT NULL AND recorded_at > now() - interval '14 days'
                    AND type IN ('ItemViewed', 'ItemClicked', 'AddedToCart', 'ItemPurchased')
                  GROUP BY item_id) t
            JOIN items i ON i.item_id = t.item_id AND NOT i.removed AND i.available AND i.embedding IS NOT NULL
            WHERE %s
            ORDER BY t.heat DESC, i.item_id LIMIT $1
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

  private static java.time.Instant addedAt(Row r) {
    java.time.OffsetDateTime t = r.getOffsetDateTime("created_at");
    return t == null ? null : t.toInstant();
  }

  private static List<String> categories(Row r) {
    String[] cats = r.getArrayOfStrings("categories");
    return cats == null ? List.of() : Arrays.asList(cats);
  }
}
