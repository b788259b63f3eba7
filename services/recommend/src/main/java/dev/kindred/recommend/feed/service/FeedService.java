package dev.kindred.recommend.feed.service;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.events.EventType;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.SupportingEvent;
import dev.kindred.recommend.explore.ExploreCatalog;
import dev.kindred.recommend.explore.ExploreSlots;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.LearnedRankers;
import dev.kindred.recommend.serving.SequenceModels;
import dev.kindred.recsys.sequence.NextItemModel;
import dev.kindred.recommend.serving.TenantRules;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recommend.trending.service.TrendingService;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.CandidatePool;
import dev.kindred.recsys.Explainer;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.ExplorePicker;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.Source;
import dev.kindred.recsys.WeightedRanker;
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
import java.util.function.BiFunction;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

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
  private final ExploreCatalog explore;
  private final TenantRules rules;
  private final LearnedRankers rankers;
  private final SequenceModels sequences;
  private final SequenceCandidates sequenceCandidates;
  private final Explainer explainer = new Explainer(2);

  public FeedService(Pool pool, FeedReader reader, UserContext users, ImpressionLog impressions,
      TrendingService trending, ExploreCatalog explore, TenantRules rules, LearnedRankers rankers,
      SequenceModels sequences, SequenceCandidates sequenceCandidates) {
    this.rules = rules;
    this.rankers = rankers;
    this.sequences = sequences;
    this.sequenceCandidates = sequenceCandidates;
    this.explore = explore;
    this.pool = pool;
    this.reader = reader;
    this.users = users;
    this.impressions = impressions;
    this.trending = trending;
  }

  /** What one request reads, in one transaction; {@code arms}: the areas chosen for exploration slots. */
  private record Inputs(UserContext.Loaded user, List<Candidate> candidates, Map<String, float[]> supportVectors,
      List<Integer> arms, ExploreCatalog.Snapshot explore, Map<String, SupportingEvent> coVisitAnchors,
      Map<String, Double> boosts, List<TenantRules.Pinned> pinned) {

    Inputs withPinned(List<TenantRules.Pinned> pins) {
      return new Inputs(user, candidates, supportVectors, arms, explore, coVisitAnchors, boosts, pins);
    }
  }

  /**
   * Candidates each source proposes for a list of {@code count}: twice the list and ten more —
   * enough for filters, caps and MMR to choose from, while every extra row is a 1.5 KB vector to
   * read and decode.
   */
  static int perSource(int count) {
    return count * 2 + 10;
  }


  public Served recommend(UUID tenant, String userId, int count, Set<String> exclude, ItemFilter filter,
      Map<String, String> context, boolean explain) {
    return serve(tenant, userId, count, exclude, filter, context, explain, (c, user) -> Uni.createFrom().item(user),
        ThreadLocalRandom.current(), true);
  }

  /**
   * The feed as it would be if {@code alter} first changed what was loaded for the user (the
   * what-if panel): explained, exploration drawn from {@code seed} so two previews compare, and
   * nothing logged — the end-user was shown nothing.
   */
  public Served preview(UUID tenant, String userId, int count, ItemFilter filter,
      BiFunction<SqlConnection, UserContext.Loaded, Uni<UserContext.Loaded>> alter, long seed) {
    return serve(tenant, userId, count, Set.of(), filter, Map.of(), true, alter, new Random(seed), false);
  }

  private Served serve(UUID tenant, String userId, int count, Set<String> exclude, ItemFilter filter,
      Map<String, String> context, boolean explain, BiFunction<SqlConnection, UserContext.Loaded, Uni<UserContext.Loaded>> alter,
      Random rng, boolean log) {
    NextItemModel sequence = sequences.active(tenant);
    Inputs in = TenantTx.run(pool, tenant, c -> users.load(c, tenant, userId).chain(loaded -> alter.apply(c, loaded))
            .chain(user -> (!user.personal()
            ? Uni.createFrom().item(new Inputs(user, List.of(), Map.of(), List.of(), null, Map.of(), Map.of(), List.of()))
            : explore.snapshot(c, tenant).chain(snapshot -> personalInputs(c, user, snapshot, sequence, count,
                user.settings().servingFilter(filter), explain, rng)))
            .chain(inputs -> rules.pinned(c, user.settings(), user.settings().servingFilter(filter))
                .map(inputs::withPinned))))
        .await().atMost(DB);
    Ranked ranked = in.user().personal() ? personalized(tenant, userId, in, count, exclude, context, explain, rng) : null;
    Served feed = ranked != null ? ranked.feed()
        : trending.list(tenant, userId, count, exclude, in.user().settings().servingFilter(filter),
            in.user().note()
            + (UserContext.NO_CONSENT.equals(in.user().note()) ? ": popular items only" : ": popular items"));
    if (!in.pinned().isEmpty()) {
      Set<String> hidden = new java.util.HashSet<>(exclude);
      hidden.addAll(in.user().consumed());
      feed = new Served(feed.recommendationId(), feed.userId(), feed.personalized(), feed.note(),
          TenantRules.place(feed.items(), in.pinned(), hidden, count));
    }
    if (!log) {
      return feed;
    } else if (ranked == null) {
      impressions.log(tenant, userId, "home", feed);
    } else {
      impressions.log(tenant, userId, "home", feed, FeedRanker.FEATURES, ranked.rows(), ranked.ranker());
    }
    return feed;
  }

  private Uni<Inputs> personalInputs(SqlConnection c, UserContext.Loaded user, ExploreCatalog.Snapshot snapshot,
      NextItemModel sequence, int count, ItemFilter filter, boolean explain, Random rng) {
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
    int slots = ExplorePicker.slots(count, user.settings().explorationBudget(), rng);
    List<Integer> arms = ExplorePicker.arms(active, snapshot.clusters(), snapshot.arms(), slots, rng);
    for (int arm : arms) {
      queries.add(snapshot.centroid(arm));
      sources.add(Source.explore(arm));
    }
    Set<String> supportIds = explain ? Explainer.supportItemIds(active) : Set.of();
    return reader.nearestAll(c, queries, sources, perSource(count), filter)
        .chain(candidates -> (supportIds.isEmpty() ? Uni.createFrom().item(Map.<String, float[]>of())
            : reader.vectors(c, supportIds))
            .chain(vectors -> coVisits(c, user.latest(), count, filter).chain(co -> sequenceCandidates
                .propose(c, sequence, user, perSource(count), filter).chain(next -> {
              List<Candidate> all = new ArrayList<>(candidates);
              all.addAll(co.candidates());
              all.addAll(next);
              Set<String> ids = new java.util.HashSet<>();
              all.forEach(x -> ids.add(x.itemId()));
              return rules.boosts(c, user.settings(), ids)
                  .map(boosts -> new Inputs(user, all, vectors, arms, snapshot, co.anchors(), boosts, List.of()));
            }))));
  }

  private record CoVisits(List<Candidate> candidates, Map<String, SupportingEvent> anchors) {
  }

  /**
   * Co-visit candidates of the user's latest items ({@link UserContext#RECENT}; the latest weighs 1,
   * then 1/2, 1/3 …), each with the user's own event it is explained by.
   */
  private Uni<CoVisits> coVisits(SqlConnection c, List<FeedReader.Recent> recent, int count, ItemFilter filter) {
    if (recent.isEmpty()) {
      return Uni.createFrom().item(new CoVisits(List.of(), Map.of()));
    }
    List<String> ids = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    Map<String, SupportingEvent> events = new java.util.HashMap<>();
    for (FeedReader.Recent r : recent) {
      ids.add(r.itemId());
      weights.add(1.0 / ids.size());
      events.put(r.itemId(), r.asSupport());
    }
    Map<String, String> anchorOf = new java.util.HashMap<>();
    return reader.coVisited(c, ids, weights, perSource(count), filter, anchorOf).map(cands -> {
      Map<String, SupportingEvent> anchors = new java.util.HashMap<>();
      anchorOf.forEach((item, anchor) -> anchors.put(item, events.get(anchor)));
      return new CoVisits(cands, anchors);
    });
  }

  /** A personal list with what ranked it: each ranked item's feature row and the ranker's id. */
  private record Ranked(Served feed, Map<String, float[]> rows, String ranker) {
  }

  private Ranked personalized(UUID tenant, String userId, Inputs in, int count, Set<String> exclude, Map<String, String> context,
      boolean explain, Random rng) {
    InterestProfile p = in.user().profile();
    CandidatePool merged = new CandidatePool();
    List<Candidate> exploring = new ArrayList<>();
    for (Candidate x : in.candidates()) {
      if (Source.EXPLORE.equals(x.best().source().kind())) {
        exploring.add(x);
      } else {
        merged.add(x);
      }
    }
    java.util.function.Predicate<String> allowed = id -> !exclude.contains(id) && !in.user().consumed().contains(id);
    FeedRanker.Popularity popularity = trending.popularity(tenant);
    FeedRanker.Weights weights = in.user().weights();
    LearnedRankers.Active learned = rankers.active(tenant);
    Ranker ranker = learned != null ? learned.ranker() : new WeightedRanker(weights);
    Map<String, float[]> rows = new java.util.HashMap<>();
    List<Candidate> chosen = new ArrayList<>(FeedRanker.rank(p, merged.candidates(), allowed, popularity,
        TenantRules.asBoosts(in.boosts()), in.user().settings().diversityLambda(), count, ranker, context, rows));
    List<Candidate> explored = ExploreSlots.pick(exploring, in.arms(), chosen, allowed, p);
    ExploreSlots.place(chosen, explored, count, rng);
    List<Served.Item> items = new ArrayList<>();
    for (Candidate x : chosen) {
      boolean exploration = Source.EXPLORE.equals(x.best().source().kind());
      double boost = in.boosts().getOrDefault(x.itemId(), 1.0);
      // The score breakdown says which source is the real reason; the learned one (SHAP) only when explaining.
      Map<String, Double> parts = exploration || (learned != null && !explain) ? null : learned == null
          ? FeedRanker.contributions(rows.get(x.itemId()), weights, boost)
          : FeedRanker.learnedContributions(learned.local().contributions(
              new FeatureMatrix(FeedRanker.FEATURES, 1, rows.get(x.itemId())))[0], boost);
      Source cited = exploration ? x.best().source() : FeedReasons.cited(x, parts);
      InterestCluster why = exploration
          ? ExplorePicker.nearestInterest(in.explore().centroid(x.best().source().clusterId()), FeedRanker.active(p))
          : clusterFor(x, cited, p);
      if (cited == null) {
        cited = why == null ? Source.of(Source.SEQUENCE) : Source.interest(why.id());
      }
      Explanation because = !explain ? null : Source.SEQUENCE.equals(cited.kind())
          ? explainer.sequenced(x, SequenceCandidates.latest(in.user()))
          : Source.CO_VISIT.equals(cited.kind())
          ? explainer.coVisited(x, in.coVisitAnchors().get(x.itemId()))
          : explainer.explain(x, why, in.supportVectors());
      if (because != null && parts != null) {
        because = because.withContributions(parts);
      }
      items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), cited.id(), because));
    }
    Served feed = Served.of(userId, true, null, items);
    // Only the served items' rows are logged; exploration slots were not ranked and have none.
    Set<String> served = new java.util.HashSet<>();
    items.forEach(i -> served.add(i.itemId()));
    rows.keySet().retainAll(served);
    explored.forEach(x -> rows.remove(x.itemId()));
    return new Ranked(feed, rows, ranker.modelId().key());
  }

  /** The interest that proposed the item, or (for other sources) the interest nearest to it. */
  private static InterestCluster clusterFor(Candidate x, Source cited, InterestProfile p) {
    Integer id = cited == null ? null : cited.clusterId();
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
