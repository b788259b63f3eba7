package dev.kindred.recommend.feed.service;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.events.EventType;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.SupportingEvent;
import dev.kindred.recommend.explore.ExploreCatalog;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.recommend.serving.ItemQuery;
import dev.kindred.recommend.serving.RequestTiming;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.serving.LearnedRankers;
import dev.kindred.recommend.serving.SequenceModels;
import dev.kindred.recsys.sequence.NextItemModel;
import dev.kindred.recommend.serving.TenantRules;
import dev.kindred.recommend.serving.UserContext;
import dev.kindred.recommend.trending.service.TrendingService;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.Explainer;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.ExplorePicker;
import dev.kindred.recsys.FeedPipeline;
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
 * The home feed: candidates from each unmuted interest (and the session vector) — the worker's
 * precomputed lists or pgvector —, co-visits, the sequence model and the exploration areas, read in
 * one statement; the items the user already viewed, clicked, carted or bought and {@code exclude}
 * ruled out; the list built by {@link FeedPipeline} (shared with the offline quality bench); an
 * explanation built from the user's own supporting events; an impression logged off the latency
 * path. No profile or no consent: trending, said so.
 */
@ApplicationScoped
public class FeedService {

  private static final Duration DB = Duration.ofSeconds(10);
  private final dev.kindred.recommend.serving.RequestTiming timing;
  private final Pool pool;
  private final UserContext users;
  private final ImpressionLog impressions;
  private final TrendingService trending;
  private final ExploreCatalog explore;
  private final LearnedRankers rankers;
  private final SequenceModels sequences;
  private final SequenceCandidates sequenceCandidates;
  private final Explainer explainer = new Explainer(2);

  public FeedService(Pool pool, UserContext users, ImpressionLog impressions,
      TrendingService trending, ExploreCatalog explore, LearnedRankers rankers,
      SequenceModels sequences, SequenceCandidates sequenceCandidates, RequestTiming timing) {
    this.timing = timing;
    this.rankers = rankers;
    this.sequences = sequences;
    this.sequenceCandidates = sequenceCandidates;
    this.explore = explore;
    this.pool = pool;
    this.users = users;
    this.impressions = impressions;
    this.trending = trending;
  }

  /** What one request reads, in one transaction; {@code arms}: the areas chosen for exploration slots. */
  private record Inputs(UserContext.Loaded user, List<Candidate> candidates, Map<String, float[]> supportVectors,
      List<Integer> arms, ExploreCatalog.Snapshot explore, Map<String, SupportingEvent> coVisitAnchors,
      Map<String, Double> boosts, List<TenantRules.Pinned> pinned) {

  }

  /** Candidates each source proposes for a list of {@code count} (the pipeline's rule). */
  static int perSource(int count) {
    return FeedPipeline.perSource(count);
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
    // Three statements: the tenant binding, the user (read model), every catalogue read (ItemQuery).
    // Two round trips: the user (with BEGIN and the tenant binding), then every catalogue read (with COMMIT).
    Inputs in = TenantTx.read(pool, tenant, c -> users.load(c, tenant, userId).chain(loaded -> alter.apply(c, loaded)),
            (c, user) -> gather(c, tenant, user, sequence, count, filter, explain, rng), timing.tally())
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

  /**
   * Everything the list is built from, in one statement: nearest items to each active interest, the
   * session and the exploration areas; items co-visited with the user's latest ones (not those they
   * turned down); the sequence model's proposals; the vectors the explanations and the negatives
   * need; the titles of the latest items; the pinned items — each with its boost factor.
   */
  private Uni<Inputs> gather(SqlConnection c, UUID tenant, UserContext.Loaded user, NextItemModel sequence, int count,
      ItemFilter requestFilter, boolean explain, Random rng) {
    ItemFilter filter = user.settings().servingFilter(requestFilter);
    List<String> pins = TenantRules.pinnedIds(user.settings());
    if (!user.personal()) {
      ItemQuery q = new ItemQuery(TenantRules.boostSql(user.settings())).byIds(PINS, pins, filter);
      return q.run(c).map(r -> new Inputs(user, List.of(), Map.of(), List.of(), null, Map.of(), Map.of(),
          TenantRules.pinned(user.settings(), r.part(PINS))));
    }
    return explore.snapshot(c, tenant).chain(snapshot -> {
      InterestProfile p = user.profile();
      List<InterestCluster> active = FeedRanker.active(p);
      // Interests and the session with a precomputed list are read by id; the others (a new interest
      // the worker has not listed yet, a request with its own filter, a larger count) are searched live.
      UserContext.Precomputed lists = requestFilter.isEmpty() && perSource(count) <= PRECOMPUTED_PER_SOURCE
          ? user.candidates() : null;
      List<float[]> queries = new ArrayList<>();
      List<Source> sources = new ArrayList<>();
      Map<String, Source> listed = new java.util.LinkedHashMap<>();
      for (InterestCluster k : active) {
        Source source = Source.interest(k.id());
        if (lists != null && lists.bySource().containsKey(source.id())) {
          listed.put(source.id(), source);
        } else {
          queries.add(k.centroid());
          sources.add(source);
        }
      }
      if (p.session() != null) {
        Source session = Source.of(Source.SESSION);
        if (lists != null && lists.bySource().containsKey(session.id())) {
          listed.put(session.id(), session);
        } else {
          queries.add(p.session());
          sources.add(session);
        }
      }
      Map<String, List<Map.Entry<Source, Double>>> precomputed = new java.util.HashMap<>();
      listed.forEach((id, source) -> {
        List<Map.Entry<String, Double>> l = lists.bySource().get(id);
        for (Map.Entry<String, Double> hit : l.subList(0, Math.min(perSource(count), l.size()))) {
          precomputed.computeIfAbsent(hit.getKey(), x -> new ArrayList<>()).add(Map.entry(source, hit.getValue()));
        }
      });
      int slots = ExplorePicker.slots(count, user.settings().explorationBudget(), rng);
      List<Integer> arms = ExplorePicker.arms(active, snapshot.clusters(), snapshot.arms(), slots, rng);
      for (int arm : arms) {
        queries.add(snapshot.centroid(arm));
        sources.add(Source.explore(arm));
      }
      List<FeedReader.Recent> latest = user.latest();
      List<String> anchors = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      for (FeedReader.Recent r : latest) {
        anchors.add(r.itemId());
        weights.add(1.0 / anchors.size());
      }
      Map<String, Double> likelihood = sequenceCandidates.likelihood(sequence, user, perSource(count));
      Set<String> cited = new java.util.HashSet<>(anchors);
      if (!user.recent().isEmpty()) {
        cited.add(user.recent().get(0).itemId());
      }
      ItemQuery q = new ItemQuery(TenantRules.boostSql(user.settings()))
          .byIds(LISTED, precomputed.keySet(), filter)
          .nearest(NEAREST, queries, perSource(count), filter)
          .coVisited(CO_VISITED, anchors, weights, perSource(count), filter)
          .byIds(PROPOSED, likelihood.keySet(), filter)
          .byIds(SUPPORT, explain ? Explainer.supportItemIds(active) : Set.of(), null)
          .byIds(DECLINED, user.declined(), null)
          .byIds(CITED, cited, null)
          .byIds(PINS, pins, filter);
      return q.run(c).map(r -> inputs(user, r, sources, precomputed, arms, snapshot, latest, likelihood, count));
    });
  }

  private static final String NEAREST = "nearest";
  private static final String LISTED = "listed";
  /** Items per source the worker lists for each user (CandidateRefresher.PER_SOURCE). */
  static final int PRECOMPUTED_PER_SOURCE = 30;
  private static final String CO_VISITED = "co-visited";
  private static final String PROPOSED = "proposed";
  private static final String SUPPORT = "support";
  private static final String DECLINED = "declined";
  private static final String CITED = "cited";
  private static final String PINS = "pins";

  /** The statement's parts as the ranker takes them. */
  private static Inputs inputs(UserContext.Loaded loaded, ItemQuery.Result r, List<Source> sources,
      Map<String, List<Map.Entry<Source, Double>>> precomputed, List<Integer> arms,
      ExploreCatalog.Snapshot snapshot, List<FeedReader.Recent> latest, Map<String, Double> likelihood, int count) {
    Map<String, String> titles = new java.util.HashMap<>();
    r.part(CITED).forEach(i -> titles.put(i.itemId(), i.title()));
    UserContext.Loaded user = loaded.withDeclined(vectors(r.part(DECLINED))).withTitles(titles);
    Map<String, Double> boosts = new java.util.HashMap<>();
    List<Candidate> nearest = new ArrayList<>();
    for (ItemQuery.Item i : r.part(NEAREST)) {
      nearest.add(candidate(i, sources.get(i.ord() - 1), i.score()));
    }
    for (ItemQuery.Item i : r.part(LISTED)) {
      for (Map.Entry<Source, Double> hit : precomputed.getOrDefault(i.itemId(), List.of())) {
        nearest.add(candidate(i, hit.getKey(), hit.getValue()));
      }
    }
    Map<String, SupportingEvent> anchorEvents = new java.util.HashMap<>();
    latest.forEach(x -> anchorEvents.put(x.itemId(), user.recent().stream().filter(y -> y.itemId().equals(x.itemId()))
        .findFirst().orElse(x).asSupport()));
    Map<String, SupportingEvent> coVisitAnchors = new java.util.HashMap<>();
    List<Candidate> coVisited = new ArrayList<>();
    for (ItemQuery.Item i : r.part(CO_VISITED)) {
      coVisited.add(candidate(i, Source.of(Source.CO_VISIT), i.score()));
      coVisitAnchors.put(i.itemId(), anchorEvents.get(i.anchor()));
    }
    List<Candidate> proposed = new ArrayList<>();
    for (ItemQuery.Item i : r.part(PROPOSED)) {
      proposed.add(candidate(i, Source.of(Source.SEQUENCE), likelihood.get(i.itemId())));
    }
    List<Candidate> all = FeedPipeline.candidates(new FeedPipeline.Proposals(nearest, coVisited, proposed),
        perSource(count));
    for (String part : List.of(NEAREST, LISTED, CO_VISITED, PROPOSED)) {
      r.part(part).forEach(i -> boosts.put(i.itemId(), i.boost()));
    }
    boosts.values().removeIf(b -> b == 1.0);
    return new Inputs(user, all, vectors(r.part(SUPPORT)), arms, snapshot, coVisitAnchors, boosts,
        TenantRules.pinned(user.settings(), r.part(PINS)));
  }

  private static Candidate candidate(ItemQuery.Item i, Source source, double similarity) {
    return new Candidate(i.itemId(), i.title(), i.categories(), i.vector(), List.of(new Candidate.Hit(source, similarity)), 0,
        i.addedAt());
  }

  private static Map<String, float[]> vectors(List<ItemQuery.Item> items) {
    Map<String, float[]> out = new java.util.HashMap<>();
    items.forEach(i -> out.put(i.itemId(), i.vector()));
    return out;
  }

  /** A personal list with what ranked it: each ranked item's feature row and the ranker's id. */
  private record Ranked(Served feed, Map<String, float[]> rows, String ranker) {
  }

  private Ranked personalized(UUID tenant, String userId, Inputs in, int count, Set<String> exclude, Map<String, String> context,
      boolean explain, Random rng) {
    InterestProfile p = in.user().profile();
    java.util.function.Predicate<String> allowed = id -> !exclude.contains(id) && !in.user().consumed().contains(id);
    FeedRanker.Popularity popularity = trending.popularity(tenant);
    FeedRanker.Weights weights = in.user().weights();
    LearnedRankers.Active learned = rankers.active(tenant);
    Ranker ranker = learned != null ? learned.ranker() : new WeightedRanker(weights);
    FeedPipeline.Feed ranked = FeedPipeline.rank(new FeedPipeline.Request(p, allowed, popularity,
        TenantRules.asBoosts(in.boosts()), in.user().settings().diversityLambda(), count, ranker, context, in.arms(), rng),
        in.candidates());
    Map<String, float[]> rows = new java.util.HashMap<>(ranked.rows());
    List<Candidate> explored = ranked.explored();
    List<Candidate> chosen = ranked.items();
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
