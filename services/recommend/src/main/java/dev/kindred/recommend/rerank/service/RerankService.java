package dev.kindred.recommend.rerank.service;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.recommend.serving.ItemQuery;
import dev.kindred.recommend.serving.RequestTiming;
import java.util.Set;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.TenantRules;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.Explainer;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Personalises a list the tenant already has (search results, a category page): every listed item
 * is returned exactly once. Known items are ordered by the feed's personal score (the nearest
 * active interest is the source and the explanation cites the user's events); items the user
 * turned down move below them; items not in the catalogue (or not embedded yet) keep their given
 * order at the end. Without consent or profile the given order comes back, said so.
 */
@ApplicationScoped
public class RerankService {

  static final String AS_GIVEN = "as-given";
  private static final Duration DB = Duration.ofSeconds(10);
  private final dev.kindred.recommend.serving.RequestTiming timing;
  private static final String GIVEN = "given";
  private static final String SUPPORT = "support";
  private static final String DECLINED = "declined";
  private final Pool pool;
  private final UserContext users;
  private final ImpressionLog impressions;
  private final Explainer explainer = new Explainer(2);

  public RerankService(Pool pool, UserContext users, ImpressionLog impressions,
      RequestTiming timing) {
    this.timing = timing;
    this.pool = pool;
    this.users = users;
    this.impressions = impressions;
  }

  private record Inputs(UserContext.Loaded user, Map<String, Candidate> known, Map<String, float[]> support,
      Map<String, Double> boosts) {
  }

  public Served rerank(UUID tenant, String userId, List<String> itemIds) {
    List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(itemIds));
    // Three statements: the tenant binding, the user (read model), the given items with what explains them.
    Inputs in = TenantTx.read(pool, tenant, c -> users.load(c, tenant, userId), (c, user) -> new ItemQuery(
            TenantRules.boostSql(user.settings()))
        .byIds(GIVEN, ids, dev.kindred.tenancy.ItemFilter.NONE)
        .byIds(SUPPORT, user.personal() ? Explainer.supportItemIds(FeedRanker.active(user.profile())) : Set.of(), null)
        .byIds(DECLINED, user.personal() ? user.declined() : Set.of(), null)
        .run(c).map(r -> {
          Map<String, Candidate> known = new java.util.HashMap<>();
          Map<String, Double> boosts = new java.util.HashMap<>();
          for (ItemQuery.Item i : r.part(GIVEN)) {
            known.put(i.itemId(), new Candidate(i.itemId(), i.title(), i.categories(), i.vector(), List.of(), 0, i.addedAt()));
            if (i.boost() != 1.0) {
              boosts.put(i.itemId(), i.boost());
            }
          }
          Map<String, float[]> support = new java.util.HashMap<>();
          r.part(SUPPORT).forEach(i -> support.put(i.itemId(), i.vector()));
          Map<String, float[]> declined = new java.util.HashMap<>();
          r.part(DECLINED).forEach(i -> declined.put(i.itemId(), i.vector()));
          return new Inputs(user.withDeclined(declined), known, support, boosts);
        }), timing.tally())
        .await().atMost(DB);
    List<Served.Item> items = new ArrayList<>();
    if (!in.user().personal()) {
      for (String id : ids) {
        Candidate x = in.known().get(id);
        items.add(new Served.Item(id, x == null ? null : x.title(), 0, AS_GIVEN, null));
      }
      Served list = Served.of(userId, false, in.user().note() + ": the given order", items);
      impressions.log(tenant, userId, "rerank", list);
      return list;
    }
    InterestProfile p = in.user().profile();
    List<Candidate> ranked = new ArrayList<>();
    List<Candidate> declined = new ArrayList<>();
    for (String id : ids) {
      Candidate x = in.known().get(id);
      if (x == null) {
        continue;
      }
      Candidate scored = withNearestInterest(x, p);
      scored = scored.withScore(FeedRanker.score(scored, p, in.user().weights()) * in.boosts().getOrDefault(id, 1.0));
      boolean turnedDown = in.user().declined().contains(id) || FeedRanker.nearNegative(scored, p.negatives());
      (turnedDown ? declined : ranked).add(scored);
    }
    ranked.sort(Comparator.comparingDouble(Candidate::score).reversed());
    for (Candidate x : ranked) {
      InterestCluster k = p.cluster(x.best().source().clusterId()).orElse(null);
      items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), x.best().source().id(),
          explainer.explain(x, k, in.support())));
    }
    for (Candidate x : declined) {
      items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), x.best().source().id(),
          new Explanation(x.best().source().id(), List.of(), List.of(), "Moved down: close to something you turned down.")));
    }
    for (String id : ids) {
      if (!in.known().containsKey(id)) {
        items.add(new Served.Item(id, null, 0, AS_GIVEN, new Explanation(AS_GIVEN, List.of(), List.of(),
            "Kept in the given order: not in the catalogue, unavailable or not embedded yet.")));
      }
    }
    Served list = Served.of(userId, true, null, items);
    impressions.log(tenant, userId, "rerank", list);
    return list;
  }

  /** The item as a candidate of the active interest it is nearest to (its source and explanation). */
  private static Candidate withNearestInterest(Candidate x, InterestProfile p) {
    List<Candidate.Hit> hits = new ArrayList<>();
    for (InterestCluster k : FeedRanker.active(p)) {
      hits.add(new Candidate.Hit(Source.interest(k.id()), Vectors.dot(k.centroid(), x.vector())));
    }
    return new Candidate(x.itemId(), x.title(), x.categories(), x.vector(), hits, 0, x.addedAt());
  }
}
