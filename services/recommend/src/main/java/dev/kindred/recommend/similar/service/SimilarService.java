package dev.kindred.recommend.similar.service;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.recommend.serving.ItemQuery;
import dev.kindred.recommend.serving.RequestTiming;
import java.util.Set;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.TenantRules;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.Mmr;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Item-to-item: the nearest available items to the one being looked at (pgvector), MMR with the
 * tenant's λ. With a user who allows personalization and has a profile, each neighbour's score is
 * {@code similarity to the item + 0.5 × the feed's personal score}, items the user already
 * consumed or turned down are left out, and the explanation adds the interest it is close to.
 */
@ApplicationScoped
public class SimilarService {

  static final double PERSONAL_WEIGHT = 0.5;
  /** An item counts as close to an interest (and is said to be) from this cosine on. */
  static final double INTEREST_NEAR = 0.5;
  private static final Duration DB = Duration.ofSeconds(10);
  private final dev.kindred.recommend.serving.RequestTiming timing;
  private static final String NEIGHBOURS = "neighbours";
  /** Items in the worker's precomputed neighbour lists (NeighbourRefresher.PER_ITEM). */
  static final int LISTED_PER_ITEM = 50;
  /** The ord ItemQuery gives rows read from a precomputed list. */
  private static final int LISTED = ItemQuery.LISTED_ORD;
  private static final String DECLINED = "declined";
  private final Pool pool;
  private final UserContext users;
  private final ImpressionLog impressions;

  public SimilarService(Pool pool, UserContext users, ImpressionLog impressions,
      RequestTiming timing) {
    this.timing = timing;
    this.pool = pool;
    this.users = users;
    this.impressions = impressions;
  }

  private record Inputs(Candidate anchor, UserContext.Loaded user, List<Candidate> neighbours, Map<String, Double> boosts) {
  }

  public Served similar(UUID tenant, String itemId, int count, String userId) {
    // Three statements at most: the tenant binding, the user (read model), the anchor with its neighbours.
    Inputs in = TenantTx.read(pool, tenant, c -> users.load(c, tenant, userId), (c, user) -> query(user, itemId, count,
            count * 4 + 1 <= LISTED_PER_ITEM).run(c)
        // A precomputed list the tenant's rules thin out below the count is searched live instead (a rare
        // fourth statement): rules are applied as a list is read, and a narrow rule can leave few of its 50.
        .chain(r -> thinList(r, count) ? query(user, itemId, count, false).run(c) : Uni.createFrom().item(r))
        .map(r -> {
          if (r.part(NEIGHBOURS + "-anchor").isEmpty()) {
            throw ProblemException.notFound("item '" + itemId + "' is not in the catalogue or has no embedding yet");
          }
          ItemQuery.Item a = r.part(NEIGHBOURS + "-anchor").get(0);
          Candidate anchor = new Candidate(a.itemId(), a.title(), a.categories(), a.vector(), List.of(), 0, a.addedAt());
          List<Candidate> neighbours = new ArrayList<>();
          Map<String, Double> boosts = new java.util.HashMap<>();
          for (ItemQuery.Item i : r.part(NEIGHBOURS)) {
            neighbours.add(new Candidate(i.itemId(), i.title(), i.categories(), i.vector(),
                List.of(new Candidate.Hit(Source.of(Source.SIMILAR), i.score())), 0, i.addedAt()));
            if (i.boost() != 1.0) {
              boosts.put(i.itemId(), i.boost());
            }
          }
          Map<String, float[]> declined = new java.util.HashMap<>();
          r.part(DECLINED).forEach(i -> declined.put(i.itemId(), i.vector()));
          return new Inputs(anchor, user.withDeclined(declined), neighbours, boosts);
        }), timing.tally())
        .await().atMost(DB);
    List<Candidate> kept = new ArrayList<>();
    for (Candidate x : in.neighbours()) {
      if (x.itemId().equals(itemId)) {
        continue;
      }
      double score = x.best().similarity();
      if (in.user().personal()) {
        if (in.user().consumed().contains(x.itemId()) || in.user().declined().contains(x.itemId())
            || FeedRanker.nearNegative(x, in.user().profile().negatives())) {
          continue;
        }
        score += PERSONAL_WEIGHT * FeedRanker.score(x, in.user().profile(), in.user().weights());
      }
      kept.add(x.withScore(score * in.boosts().getOrDefault(x.itemId(), 1.0)));
    }
    List<Served.Item> items = new ArrayList<>();
    for (Candidate x : Mmr.rerank(kept, in.user().settings().diversityLambda(), count)) {
      items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), Source.SIMILAR, explain(x, in)));
    }
    Served list = Served.of(userId, in.user().personal(), in.user().personal() ? null
        : in.user().note() + ": similar items only", items);
    impressions.log(tenant, userId, "similar", list);
    return list;
  }

  private static ItemQuery query(UserContext.Loaded user, String itemId, int count, boolean listed) {
    return new ItemQuery(TenantRules.boostSql(user.settings()))
        .nearestTo(NEIGHBOURS, itemId, count * 4 + 1, user.settings().servingFilter(ItemFilter.NONE), listed)
        .byIds(DECLINED, user.personal() ? user.declined() : Set.of(), null);
  }

  /** Whether the neighbours came from a precomputed list and fewer than asked for passed the tenant's rules. */
  static boolean thinList(ItemQuery.Result r, int count) {
    List<ItemQuery.Item> found = r.part(NEIGHBOURS);
    return !r.part(NEIGHBOURS + "-anchor").isEmpty() && found.stream().anyMatch(i -> i.ord() == LISTED)
        && found.size() < count;
  }

  private static Explanation explain(Candidate x, Inputs in) {
    String because = "Similar to '" + in.anchor().title() + "'";
    if (!in.user().personal()) {
      return new Explanation(Source.SIMILAR, List.of(), List.of(), because + ".");
    }
    InterestCluster near = null;
    double best = INTEREST_NEAR;
    for (InterestCluster k : FeedRanker.active(in.user().profile())) {
      double sim = Vectors.dot(k.centroid(), x.vector());
      if (sim >= best && k.label() != null) {
        best = sim;
        near = k;
      }
    }
    return near == null ? new Explanation(Source.SIMILAR, List.of(), List.of(), because + ".")
        : new Explanation(Source.SIMILAR, near.label().words(), List.of(),
            because + ", close to your interest in " + String.join(", ", near.label().words()) + ".");
  }
}
