package dev.kindred.recommend.feed.service;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.eventstore.EventStore;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  /** What one request reads, in one transaction. */
  private record Inputs(boolean allowed, InterestProfile profile, double lambda, Set<String> consumed,
      List<Candidate> candidates, Map<String, float[]> supportVectors) {
  }

  public Feed recommend(UUID tenant, String userId, int count, Set<String> exclude, boolean explain) {
    Inputs in = TenantTx.run(pool, tenant, c -> profiles.personalizationAllowed(c, userId)
        .chain(allowed -> !allowed ? Uni.createFrom().item(new Inputs(false, null, 0, Set.of(), List.of(), Map.of()))
            : reader.profile(c, userId).chain(p -> p.isEmpty() || p.get().clusters().isEmpty()
                ? Uni.createFrom().item(new Inputs(true, null, 0, Set.of(), List.of(), Map.of()))
                : personalInputs(c, tenant, userId, p.get(), count, explain))))
        .await().atMost(DB);
    Feed feed = in.profile() != null ? personalized(userId, in, count, exclude, explain)
        : trending(tenant, userId, count, exclude, in.allowed() ? "no interest profile yet: popular items"
            : "personalization consent withdrawn: popular items only");
    logImpression(tenant, userId, feed);
    return feed;
  }

  private Uni<Inputs> personalInputs(SqlConnection c, UUID tenant, String userId, InterestProfile p, int count,
      boolean explain) {
    List<InterestCluster> active = active(p);
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
    Set<String> supportIds = new HashSet<>();
    if (explain) {
      active.forEach(k -> k.support().forEach(e -> {
        if (e.itemId() != null) {
          supportIds.add(e.itemId());
        }
      }));
    }
    return tenants.settings(c, tenant).chain(settings -> reader.consumed(c, userId)
        .chain(consumed -> reader.nearestAll(c, queries, sources, count * 4)
            .chain(candidates -> (supportIds.isEmpty() ? Uni.createFrom().item(Map.<String, float[]>of())
                : reader.vectors(c, supportIds))
                .map(vectors -> new Inputs(true, p, settings.diversityLambda(), consumed, candidates, vectors)))));
  }

  private static List<InterestCluster> active(InterestProfile p) {
    return p.ranked().stream().filter(c -> !c.muted()).limit(MAX_INTERESTS).toList();
  }

  private Feed personalized(String userId, Inputs in, int count, Set<String> exclude, boolean explain) {
    InterestProfile p = in.profile();
    List<InterestCluster> active = active(p);
    double top = active.isEmpty() ? 1 : active.get(0).weight();
    CandidatePool candidates = new CandidatePool();
    for (Candidate x : in.candidates()) {
      Integer cluster = x.best().source().clusterId();
      double boost = cluster == null ? 0.8
          : 0.6 + 0.4 * (top == 0 ? 0 : p.cluster(cluster).map(InterestCluster::weight).orElse(0.0) / top);
      candidates.add(x.withScore(x.best().similarity() * boost));
    }
    List<Candidate> kept = new ArrayList<>();
    for (Candidate x : candidates.candidates()) {
      if (!exclude.contains(x.itemId()) && !in.consumed().contains(x.itemId()) && !nearNegative(x, p.negatives())) {
        kept.add(x);
      }
    }
    List<Candidate> chosen = Mmr.rerank(kept, in.lambda(), count, caps(active, count));
    List<Item> items = new ArrayList<>();
    for (Candidate x : chosen) {
      Explanation why = explain ? explainer.explain(x, clusterFor(x, p), in.supportVectors()) : null;
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
    double total = 0;
    for (InterestCluster k : active) {
      total += k.weight();
    }
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
