package dev.kindred.recommend.feed.service;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.recommend.serving.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recommend.trending.service.TrendingService;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.CandidatePool;
import dev.kindred.recsys.Explainer;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The home feed: candidates from each unmuted interest (and the session vector) by pgvector; the
 * items the user already viewed, clicked, carted or bought and {@code exclude} ruled out; scoring,
 * near-negative filter and MMR by {@link FeedRanker} (shared with the offline harness); an
 * explanation built from the user's own supporting events; an impression logged off the latency
 * path. No profile or no consent: trending, said so.
 */
@ApplicationScoped
public class FeedService {

  private static final Duration DB = Duration.ofSeconds(10);
  private final Pool pool;
  private final FeedReader reader;
  private final UserContext users;
  private final ImpressionLog impressions;
  private final TrendingService trending;
  private final Explainer explainer = new Explainer(2);

  public FeedService(Pool pool, FeedReader reader, UserContext users, ImpressionLog impressions,
      TrendingService trending) {
    this.pool = pool;
    this.reader = reader;
    this.users = users;
    this.impressions = impressions;
    this.trending = trending;
  }

  /** What one request reads, in one transaction. */
  private record Inputs(UserContext.Loaded user, List<Candidate> candidates, Map<String, float[]> supportVectors) {
  }

  public Served recommend(UUID tenant, String userId, int count, Set<String> exclude, ItemFilter filter,
      boolean explain) {
    Inputs in = TenantTx.run(pool, tenant, c -> users.load(c, tenant, userId).chain(user -> !user.personal()
            ? Uni.createFrom().item(new Inputs(user, List.of(), Map.of()))
            : personalInputs(c, user, count, filter, explain)))
        .await().atMost(DB);
    Served feed = in.user().personal() ? personalized(userId, in, count, exclude, explain)
        : trending.list(tenant, userId, count, exclude, filter, in.user().note()
            + (UserContext.NO_CONSENT.equals(in.user().note()) ? ": popular items only" : ": popular items"));
    impressions.log(tenant, userId, "home", feed);
    return feed;
  }

  private Uni<Inputs> personalInputs(SqlConnection c, UserContext.Loaded user, int count, ItemFilter filter,
      boolean explain) {
    InterestProfile p = user.profile();
    List<InterestCluster> active = FeedRanker.active(p);
    List<float[]> queries = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (InterestCluster k : active) {
      queries.add(k.centroid());
      sources.add(Source.interest(k.id()));
    }
    if (p.session() != null) {
      queries.add(p.session());
      sources.add(Source.of(Source.SESSION));
    }
    Set<String> supportIds = explain ? Explainer.supportItemIds(active) : Set.of();
    return reader.nearestAll(c, queries, sources, count * 4, filter)
        .chain(candidates -> (supportIds.isEmpty() ? Uni.createFrom().item(Map.<String, float[]>of())
            : reader.vectors(c, supportIds))
            .map(vectors -> new Inputs(user, candidates, vectors)));
  }

  private Served personalized(String userId, Inputs in, int count, Set<String> exclude, boolean explain) {
    InterestProfile p = in.user().profile();
    CandidatePool merged = new CandidatePool();
    merged.addAll(in.candidates());
    List<Candidate> chosen = FeedRanker.rank(p, merged.candidates(),
        id -> !exclude.contains(id) && !in.user().consumed().contains(id), id -> 0,
        in.user().settings().diversityLambda(), count, FeedRanker.Weights.defaults());
    List<Served.Item> items = new ArrayList<>();
    for (Candidate x : chosen) {
      Explanation why = explain ? explainer.explain(x, clusterFor(x, p), in.supportVectors()) : null;
      items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), x.best().source().id(), why));
    }
    return Served.of(userId, true, null, items);
  }

  /** The interest that proposed the item, or (for session candidates) the interest nearest to it. */
  private static InterestCluster clusterFor(Candidate x, InterestProfile p) {
    Integer id = x.best().source().clusterId();
    if (id != null) {
      return p.cluster(id).orElse(null);
    }
    InterestCluster best = null;
    double bestSim = -2;
    for (InterestCluster k : p.clusters()) {
      double sim = Vectors.dot(k.centroid(), x.vector());
      if (sim > bestSim) {
        bestSim = sim;
        best = k;
      }
    }
    return best;
  }

}
