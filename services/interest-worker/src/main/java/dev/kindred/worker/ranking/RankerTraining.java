package dev.kindred.worker.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.events.AddedToCart;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.ItemPurchased;
import dev.kindred.eventstore.EventStore;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.inference.embedded.XGBoostTrainer;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.WeightedRanker;
import dev.kindred.recsys.learning.LambdaMart;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.jobs.JobLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs queued {@code train-ranker} jobs ({@code bin/kindred train-ranker}): the tenant's home-feed
 * impressions of the last {@code days} (30) with the feature rows serving logged, labelled by what
 * users did with each item afterwards under that {@code recommendationId} (click 1, cart 2,
 * purchase 3); LambdaMART trained and validated against the ranker serving now (the promoted model,
 * else the tenant's weighted score). Every model is stored; the better one is promoted.
 */
@ApplicationScoped
public class RankerTraining {

  public static final String KIND = "train-ranker";
  private static final Logger LOG = Logger.getLogger(RankerTraining.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventStore STORE = new EventStore();
  private static final Duration DB = Duration.ofSeconds(120);
  private static final Map<String, Integer> GRADES = Map.of("ItemClicked", 1, "AddedToCart", 2, "ItemPurchased", 3);
  private final Pool pool;
  private final WorkerConfig config;
  private final TenantRepository tenants = new TenantRepository();
  private JobLoop jobs;

  private final dev.kindred.inference.InferenceConfig inference;

  public RankerTraining(Pool pool, WorkerConfig config, org.eclipse.microprofile.config.Config mp) {
    this.pool = pool;
    this.config = config;
    this.inference = dev.kindred.inference.InferenceConfig.from(key -> mp.getOptionalValue(key, String.class));
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
  }

  void run(UUID jobId, UUID tenant, JsonNode params, JobLoop.Progress progress) throws Exception {
    int days = Math.max(1, params.path("days").asInt(30));
    List<LambdaMart.Request> requests = requests(tenant, days);
    progress.report(0, requests.size(), "RUNNING", null);
    Ranker current = currentRanker(tenant);
    LambdaMart.Outcome o;
    try {
      o = LambdaMart.train(requests, FeedRanker.FEATURES, current, XGBoostTrainer.Params.defaults());
    } finally {
      current.close();
    }
    if (o == null) {
      long labelled = requests.stream().filter(r -> Arrays.stream(r.labels()).anyMatch(l -> l > 0)).count();
      progress.report(requests.size(), requests.size(), "COMPLETED", "not trained: " + labelled
          + " impressions with an engagement, " + LambdaMart.MIN_LABELLED_REQUESTS + " needed");
      return;
    }
    int version = store(tenant, o, current.modelId().key());
    if (o.promote()) {
      publishToTriton(tenant, version, o.model());
    }
    LOG.infof("tenant %s: ranker trained on %d requests, NDCG@10 %.4f vs %.4f (%s) — %s", tenant, o.trainRequests(),
        o.candidateNdcg(), o.currentNdcg(), current.modelId().key(), o.promote() ? "promoted" : "kept the current one");
    progress.report(requests.size(), requests.size(), "COMPLETED", null);
  }

  /** Logged home-feed impressions with features, each item labelled by its attributed engagement. */
  List<LambdaMart.Request> requests(UUID tenant, int days) throws Exception {
    // Payloads of users' streams are sealed: read through the store, which opens them with each
    // user's key (erased users' events do not open and are left out).
    List<EventEnvelope> events = TenantTx.run(pool, tenant, c -> STORE.readRecent(c, tenant,
        List.of("ItemClicked", "AddedToCart", "ItemPurchased", "ImpressionLogged"), days)).await().atMost(DB);
    Map<String, Map<String, Integer>> grades = new HashMap<>();
    for (EventEnvelope e : events) {
      String[] attributed = switch (e.event()) {
        case ItemClicked c -> new String[] {c.recommendationId(), c.itemId()};
        case AddedToCart a -> new String[] {a.recommendationId(), a.itemId()};
        case ItemPurchased p -> new String[] {p.recommendationId(), p.itemId()};
        default -> null;
      };
      if (attributed != null && attributed[0] != null && attributed[1] != null) {
        grades.computeIfAbsent(attributed[0], k -> new HashMap<>())
            .merge(attributed[1], GRADES.get(e.event().type().storedName()), Math::max);
      }
    }
    List<LambdaMart.Request> out = new ArrayList<>();
    List<String> expected = List.of(FeedRanker.FEATURES);
    for (EventEnvelope e : events) {
      if (!(e.event() instanceof ImpressionLogged logged) || !"home".equals(logged.scenario()) || logged.features() == null) {
        continue;
      }
      JsonNode p = JSON.valueToTree(logged);
      List<String> names = new ArrayList<>();
      p.path("featureNames").forEach(n -> names.add(n.asText()));
      if (!names.equals(expected)) {
        continue;   // logged under another feature layout: not comparable
      }
      Map<String, Integer> engaged = grades.getOrDefault(p.path("recommendationId").asText(), Map.of());
      List<float[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (int i = 0; i < p.path("itemIds").size(); i++) {
        JsonNode row = p.path("features").path(i);
        if (row.size() != expected.size()) {
          continue;   // an item no ranker scored (an exploration slot, a pinned item)
        }
        float[] values = new float[row.size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = (float) row.get(j).asDouble();
        }
        rows.add(values);
        labels.add(engaged.getOrDefault(p.path("itemIds").get(i).asText(), 0));
      }
      if (rows.size() >= 2) {
        out.add(new LambdaMart.Request(p.path("recommendationId").asText(), e.recordedAt(),
            rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    return out;
  }

  /** What serves the tenant now: its promoted model (on today's features), else its weighted score. */
  private Ranker currentRanker(UUID tenant) {
    Row promoted = TenantTx.run(pool, tenant, c -> c.query(
            "SELECT model, feature_names FROM ranker_models WHERE promoted").execute()).await().atMost(DB)
        .stream().findFirst().orElse(null);
    // A model of another feature layout cannot score today's rows (and does not serve): the weighted score is the bar.
    if (promoted != null && FeedRanker.isCurrentLayout(promoted.getArrayOfStrings("feature_names"))) {
      return new XGBoostRanker("lambdamart", promoted.getBuffer("model").getBytes());
    }
    TenantSettings s = TenantTx.run(pool, tenant, c -> tenants.settings(c, tenant)).await().atMost(DB);
    TenantSettings.RankingWeights w = s.rankingWeights();
    return new WeightedRanker(new FeedRanker.Weights(w.interest(), w.session(), w.coVisit(), w.popularity(), w.sequence()));
  }

  /**
   * With {@code kindred.inference.ranker-backend=triton}, the promoted model goes to Triton's model
   * repository too. A failure there is logged, not fatal: serving falls back to the in-process model.
   */
  private void publishToTriton(UUID tenant, int version, byte[] model) {
    var repository = dev.kindred.inference.triton.TritonModelRepository.of(inference);
    if (!"triton".equals(inference.rankerBackend()) || repository == null) {
      return;
    }
    String name = dev.kindred.inference.triton.TritonModelRepository.modelName(tenant);
    try (XGBoostRanker local = new XGBoostRanker("lambdamart-v" + version, model)) {
      repository.publish(name, version, model, FeedRanker.FEATURES.length, local.modelId());
      LOG.infof("tenant %s: ranker v%d published to Triton as %s", tenant, version, name);
    } catch (RuntimeException e) {
      LOG.warnf("tenant %s: ranker v%d not published to Triton (serving uses the in-process model): %s", tenant, version,
          e.getMessage());
    }
  }

  /** Stores the model; answers its version. */
  private int store(UUID tenant, LambdaMart.Outcome o, String baseline) {
    return TenantTx.run(pool, tenant, c -> (o.promote()
            ? c.query("UPDATE ranker_models SET promoted = false WHERE promoted").execute().replaceWithVoid()
            : io.smallrye.mutiny.Uni.createFrom().voidItem())
        .chain(() -> c.preparedQuery("""
            INSERT INTO ranker_models (tenant_id, version, model, feature_names, train_requests, validation_requests,
                                       ndcg, baseline_ndcg, baseline, promoted)
            SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM ranker_models
            RETURNING version
            """).execute(Tuple.tuple(List.of(tenant, Buffer.buffer(o.model()), FeedRanker.FEATURES, o.trainRequests(),
            o.validationRequests(), o.candidateNdcg(), o.currentNdcg(), baseline, o.promote())))))
        .await().atMost(DB).iterator().next().getInteger("version");
  }
}
