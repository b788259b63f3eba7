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
 * only when it changed — a promotion or a rollback serves within 30 s, without a restart.
 */
@ApplicationScoped
public class LearnedRankers {

  /** A promoted model: its version and the ranker loaded from it. */
  public record Active(int version, XGBoostRanker ranker) {
  }

  private record Cached(long checkedAt, Active active) {
  }

  private static final long TTL_NANOS = Duration.ofSeconds(30).toNanos();
  private static final Duration DB = Duration.ofSeconds(10);
  private final Pool pool;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  public LearnedRankers(Pool pool) {
    this.pool = pool;
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
      now = null;
    } else if (now == null || now.version() != promoted.getInteger("version")) {
      int version = promoted.getInteger("version");
      Row model = TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT model FROM ranker_models WHERE version = $1")
          .execute(io.vertx.mutiny.sqlclient.Tuple.of(version))).await().atMost(DB).iterator().next();
      now = new Active(version, new XGBoostRanker("lambdamart-v" + version, model.getBuffer("model").getBytes()));
    }
    cache.put(tenant, new Cached(System.nanoTime(), now));
    return now;
  }

  /** Forgets the cached state (tests that promote a model and want it served at once). */
  public void forget(UUID tenant) {
    cache.remove(tenant);
  }
}
