package dev.kindred.recommend.serving;

import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The learned ranker each tenant has promoted ({@code ranker_models}, trained by the worker), kept
 * in memory: every 30 s a request looks up the promoted version (one small row) and loads the model
 * only when it changed — a promotion or a rollback serves within 30 s, without a restart. With
 * {@code kindred.inference.ranker-backend=triton} the scores come from Triton's copy of the same
 * model ({@code ranker-<tenant>}, published by the worker), the in-process booster answering when
 * Triton fails; explanations (SHAP) always come from the in-process booster. A replaced booster is
 * closed a minute later, when no request can still be using it.
 */
@ApplicationScoped
public class LearnedRankers {

  /** A promoted model: its version, what scores with it, and the in-process booster (contributions, fallback). */
  public record Active(int version, dev.kindred.inference.Ranker ranker, XGBoostRanker local) {
  }

  private record Cached(long checkedAt, Active active) {
  }

  private static final long TTL_NANOS = Duration.ofSeconds(30).toNanos();
  private static final Duration DB = Duration.ofSeconds(10);
  private static final java.util.concurrent.ScheduledExecutorService CLOSER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ranker-closer");
        t.setDaemon(true);
        return t;
      });
  private final Pool pool;
  private final dev.kindred.inference.InferenceConfig inference;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  public LearnedRankers(Pool pool, org.eclipse.microprofile.config.Config config) {
    this.pool = pool;
    this.inference = dev.kindred.inference.InferenceConfig.from(key -> config.getOptionalValue(key, String.class));
  }

  /** The tenant's promoted ranker, or null when it has none (the weighted score serves). */
  public Active active(UUID tenant) {
    Cached c = cache.get(tenant);
    if (c != null && System.nanoTime() - c.checkedAt() < TTL_NANOS) {
      return c.active();
    }
    Row promoted = TenantTx.run(pool, tenant, conn -> conn.query("SELECT version FROM ranker_models WHERE promoted")
        .execute()).await().atMost(DB).stream().findFirst().orElse(null);
    Active now = c == null ? null : c.active();
    if (promoted == null) {
      retire(now);
      now = null;
    } else if (now == null || now.version() != promoted.getInteger("version")) {
      int version = promoted.getInteger("version");
      Row model = TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT model FROM ranker_models WHERE version = $1")
          .execute(io.vertx.mutiny.sqlclient.Tuple.of(version))).await().atMost(DB).iterator().next();
      XGBoostRanker local = new XGBoostRanker("lambdamart-v" + version, model.getBuffer("model").getBytes());
      Active replaced = now;
      now = new Active(version, dev.kindred.inference.Rankers.inFront(inference, local,
          dev.kindred.inference.triton.TritonRankerRepository.modelName(tenant)), local);
      retire(replaced);
    }
    cache.put(tenant, new Cached(System.nanoTime(), now));
    return now;
  }

  /** Closes a replaced model's native booster once requests that took it before the swap are done. */
  private static void retire(Active replaced) {
    if (replaced != null) {
      // ranker() is the local booster itself or a FallbackRanker that closes it: one close each.
      CLOSER.schedule(() -> replaced.ranker().close(), 60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Forgets the cached state (tests that promote a model and want it served at once). */
  public void forget(UUID tenant) {
    cache.remove(tenant);
  }
}
