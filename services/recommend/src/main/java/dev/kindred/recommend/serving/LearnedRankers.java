package dev.kindred.recommend.serving;

import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.recsys.FeedRanker;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The learned ranker each tenant has promoted ({@code ranker_models}, trained by the worker), kept
 * in memory ({@link PromotedModels}: a promotion or rollback serves within 30 s). With
 * {@code kindred.inference.ranker-backend=triton} the scores come from Triton's copy of the same
 * model ({@code ranker-<tenant>}, published by the worker), the in-process booster answering when
 * Triton fails; explanations (SHAP) always come from the in-process booster. A replaced booster is
 * closed a minute later, when no request can still be using it. A model trained on another feature
 * layout than serving's {@link FeedRanker#FEATURES} is not served (the weighted score is) until a
 * model on the current layout is trained.
 */
@ApplicationScoped
public class LearnedRankers {

  /** A promoted model: its version, what scores with it, and the in-process booster (contributions, fallback). */
  public record Active(int version, dev.kindred.inference.Ranker ranker, XGBoostRanker local) {
  }

  private static final Logger LOG = Logger.getLogger(LearnedRankers.class);
  private static final java.util.concurrent.ScheduledExecutorService CLOSER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ranker-closer");
        t.setDaemon(true);
        return t;
      });
  private final PromotedModels<Active> models;

  public LearnedRankers(Pool pool, org.eclipse.microprofile.config.Config config) {
    dev.kindred.inference.InferenceConfig inference =
        dev.kindred.inference.InferenceConfig.from(key -> config.getOptionalValue(key, String.class));
    this.models = new PromotedModels<>(pool, "ranker_models", "tenant_id, model, feature_names", (version, row) -> {
      if (!FeedRanker.isCurrentLayout(row.getArrayOfStrings("feature_names"))) {
        LOG.warnf("tenant %s: ranker v%d was trained on features %s, serving computes %s: not served until a ranker "
                + "is trained on them (bin/kindred train-ranker)", row.getUUID("tenant_id"), version,
            Arrays.toString(row.getArrayOfStrings("feature_names")), Arrays.toString(FeedRanker.FEATURES));
        return null;
      }
      XGBoostRanker local = new XGBoostRanker("lambdamart-v" + version, row.getBuffer("model").getBytes());
      return new Active(version, dev.kindred.inference.Rankers.inFront(inference, local,
          dev.kindred.inference.triton.TritonModelRepository.modelName(row.getUUID("tenant_id"))), local);
    }, LearnedRankers::retire);
  }

  /** The tenant's promoted ranker, or null when it has none (the weighted score serves). */
  public Active active(UUID tenant) {
    return models.active(tenant);
  }

  /** Closes a replaced model's native booster once requests that took it before the swap are done. */
  private static void retire(Active replaced) {
    // ranker() is the local booster itself or a FallbackRanker that closes it: one close each.
    CLOSER.schedule(() -> replaced.ranker().close(), 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Forgets the cached state (tests that promote a model and want it served at once). */
  public void forget(UUID tenant) {
    models.forget(tenant);
  }
}
