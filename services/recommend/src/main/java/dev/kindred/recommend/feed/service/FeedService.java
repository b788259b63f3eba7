package dev.kindred.recommend.feed.service;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.eventstore.EventStore;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
import dev.kindred.interest.SupportingEvent;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.profile.repository.ProfileReader;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.CandidatePool;
import dev.kindred.recsys.Explainer;
import dev.kindred.recsys.Explanation;
import dev.kindred.recsys.Mmr;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The home feed: candidates from each unmuted interest (and the session vector) by pgvector, the
 * items the user already viewed, clicked, carted or bought, {@code exclude} and near-negatives
 * filtered out, a documented weighted score
 * ({@code similarity × (0.6 + 0.4 × interest share / top share)}, session × 0.8), MMR with the
 * tenant's diversity λ and a cap of slots per interest (its share of the list), an explanation built from the user's own supporting events, and an
 * impression logged off the latency path. No profile or no consent: trending, said so.
 */
@ApplicationScoped
public class FeedService {

  /** One recommended item and why. */
  public record Item(String itemId, String title, double score, String source, Explanation explanation) {
  }

  public record Feed(String recommendationId, String userId, boolean personalized, String note, List<Item> items) {
  }

  static final int MAX_INTERESTS = 5;
  static final double NEGATIVE_RADIUS = 0.85;
  private static final Duration DB = Duration.ofSeconds(10);
  private static final Logger LOG = Logger.getLogger(FeedService.class);
  private final Pool pool;
  private final FeedReader reader;
  private final ProfileReader profiles;
  private final TenantRepository tenants = new TenantRepository();
  private final EventStore store = new EventStore();
  private final Explainer explainer = new Explainer(2);

  public FeedService(Pool pool, FeedReader reader, ProfileReader profiles) {
    this.pool = pool;
    this.reader = reader;
    this.profiles = profiles;
  }

  public Feed recommend(UUID tenant, String userId, int count, Set<String> exclude, boolean explain) {
    boolean allowed = profiles.personalizationAllowed(tenant, userId).await().atMost(DB);
    Optional<InterestProfile> profile = allowed
        ? TenantTx.run(pool, tenant, c -> reader.profile(c, userId)).await().atMost(DB) : Optional.empty();
    Feed feed = profile.filter(p -> !p.clusters().isEmpty())
        .map(p -> personalized(tenant, userId, p, count, exclude, explain))
        .orElseGet(() -> trending(tenant, userId, count, exclude, allowed ? "no interest profile yet: popular items"
            : "personalization consent withdrawn: popular items only"));
    logImpression(tenant, userId, feed);
    return feed;
  }

  private Feed personalized(UUID tenant, String userId, InterestProfile p, int count, Set<String> exclude,
      boolean explain) {
    double lambda = TenantTx.run(pool, tenant, c -> tenants.settings(c, tenant)).await().atMost(DB).diversityLambda();
    List<InterestCluster> active = p.ranked().stream().filter(c -> !c.muted()).limit(MAX_INTERESTS).toList();
    double top = active.isEmpty() ? 1 : active.get(0).weight();
    CandidatePool candidates = new CandidatePool();
    Set<String> filtered = new HashSet<>(exclude);
    TenantTx.run(pool, tenant, c -> reader.consumed(c, userId)).await().atMost(DB).forEach(filtered::add);
    for (InterestCluster k : active) {
      double boost = 0.6 + 0.4 * (top == 0 ? 0 : k.weight() / top);
      TenantTx.run(pool, tenant, c -> reader.nearest(c, k.centroid(), count * 4, Source.interest(k.id())))
          .await().atMost(DB).forEach(x -> candidates.add(x.withScore(x.best().similarity() * boost)));
    }
    if (p.session() != null) {
      TenantTx.run(pool, tenant, c -> reader.nearest(c, p.session(), count * 2, Source.of(Source.SESSION)))
          .await().atMost(DB).forEach(x -> candidates.add(x.withScore(x.best().similarity() * 0.8)));
    }
    List<Candidate> kept = new ArrayList<>();
    for (Candidate x : candidates.candidates()) {
      if (!filtered.contains(x.itemId()) && !nearNegative(x, p.negatives())) {
        kept.add(x);
      }
    }
    List<Candidate> chosen = Mmr.rerank(kept, lambda, count, caps(active, count));
    Map<String, float[]> supportVectors = explain ? supportVectors(tenant, active) : Map.of();
    List<Item> items = new ArrayList<>();
    for (Candidate x : chosen) {
      Explanation why = explain ? explainer.explain(x, clusterFor(x, p), supportVectors) : null;
      items.add(new Item(x.itemId(), x.title(), round(x.score()), x.best().source().id(), why));
    }
    return new Feed(UUID.randomUUID().toString(), userId, true, null, items);
  }

  private Feed trending(UUID tenant, String userId, int count, Set<String> exclude, String note) {
    List<Item> items = new ArrayList<>();
    for (Candidate x : TenantTx.run(pool, tenant, c -> reader.trending(c, count + exclude.size())).await().atMost(DB)) {
      if (items.size() < count && !exclude.contains(x.itemId())) {
        items.add(new Item(x.itemId(), x.title(), x.score(), Source.TRENDING, explainer.explain(x, null, Map.of())));
      }
    }
    return new Feed(UUID.randomUUID().toString(), userId, false, note, items);
  }

  /**
   * Slots per interest: its share of the active interests' weight of the list, rounded up, so a
   * user into photography (70 %) and trail running (25 %) sees both.
   */
  static Map<String, Integer> caps(List<InterestCluster> active, int count) {
    double total = active.stream().mapToDouble(InterestCluster::weight).sum();
    Map<String, Integer> caps = new java.util.HashMap<>();
    for (InterestCluster k : active) {
      double share = total == 0 ? 0 : k.weight() / total;
      caps.put(Source.interest(k.id()).id(), Math.max(1, (int) Math.ceil(count * share)));
    }
    return caps;
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

  private Map<String, float[]> supportVectors(UUID tenant, List<InterestCluster> clusters) {
    Set<String> ids = new HashSet<>();
    for (InterestCluster k : clusters) {
      for (SupportingEvent e : k.support()) {
        if (e.itemId() != null) {
          ids.add(e.itemId());
        }
      }
    }
    return ids.isEmpty() ? Map.of() : TenantTx.run(pool, tenant, c -> reader.vectors(c, ids)).await().atMost(DB);
  }

  private static boolean nearNegative(Candidate x, List<NegativeInterest> negatives) {
    for (NegativeInterest n : negatives) {
      if (x.itemId().equals(n.itemId()) || Vectors.dot(n.vector(), x.vector()) >= NEGATIVE_RADIUS) {
        return true;
      }
    }
    return false;
  }

  private void logImpression(UUID tenant, String userId, Feed feed) {
    if (feed.items().isEmpty()) {
      return;
    }
    ImpressionLogged e = new ImpressionLogged(feed.recommendationId(), "home",
        feed.items().stream().map(Item::itemId).toList(), feed.items().stream().map(Item::source).toList());
    EventEnvelope env = EventEnvelope.toAppend(tenant, userId, UUID.randomUUID(), e, null, Instant.now());
    // Off the latency path: the response does not wait for the impression to be stored.
    TenantTx.run(pool, tenant, c -> store.append(c, List.of(env))).subscribe().with(
        ok -> { }, err -> LOG.warnf("impression %s not logged: %s", feed.recommendationId(), err.getMessage()));
  }

  private static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }
}
