package dev.kindred.recommend.serving;

import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The model each tenant has promoted in one of the worker's model tables ({@code ranker_models},
 * {@code sequence_models}: a {@code version} and a {@code promoted} flag), kept in memory: every
 * 30 s a request looks up the promoted version (one small row) and loads the model only when it
 * changed — a promotion or a rollback serves within 30 s, without a restart. A replaced model is
 * handed to {@code retire} (e.g. to free native memory once no request can still be using it).
 */
final class PromotedModels<T> {

  private record Cached<T>(long checkedAt, int version, T model) {
  }

  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PromotedModels.class);
  private static final long TTL_NANOS = Duration.ofSeconds(30).toNanos();
  private static final Duration DB = Duration.ofSeconds(10);
  private final Pool pool;
  private final String table;
  private final String columns;
  private final BiFunction<Integer, Row, T> load;
  private final Consumer<T> retire;
  private final Map<UUID, Cached<T>> cache = new ConcurrentHashMap<>();

  /** {@code columns}: what {@code load} reads from the promoted row (with its version). */
  PromotedModels(Pool pool, String table, String columns, BiFunction<Integer, Row, T> load, Consumer<T> retire) {
    this.pool = pool;
    this.table = table;
    this.columns = columns;
    this.load = load;
    this.retire = retire;
  }

  /** The tenant's promoted model, or null when it has none. */
  T active(UUID tenant) {
    Cached<T> c = cache.get(tenant);
    if (c != null && System.nanoTime() - c.checkedAt() < TTL_NANOS) {
      return c.model();
    }
    Row promoted = TenantTx.run(pool, tenant, conn -> conn.query("SELECT version FROM " + table + " WHERE promoted")
        .execute()).await().atMost(DB).stream().findFirst().orElse(null);
    T now = c == null ? null : c.model();
    int version = promoted == null ? 0 : promoted.getInteger("version");
    if (promoted == null) {
      retire(now);
      now = null;
    } else if (c == null || c.version() != version) {
      Row row = TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT " + columns + " FROM " + table
          + " WHERE version = $1").execute(Tuple.of(version))).await().atMost(DB).iterator().next();
      T replaced = now;
      try {
        now = load.apply(version, row);
      } catch (RuntimeException e) {
        // A model that cannot be read must not fail every request: serve without it until another is promoted.
        LOG.errorf(e, "tenant %s: %s v%d cannot be loaded; serving without it", tenant, table, version);
        now = null;
      }
      retire(replaced);
    }
    cache.put(tenant, new Cached<>(System.nanoTime(), version, now));
    return now;
  }

  private void retire(T replaced) {
    if (replaced != null) {
      retire.accept(replaced);
    }
  }

  /** Forgets the cached state (tests that promote a model and want it served at once). */
  void forget(UUID tenant) {
    cache.remove(tenant);
  }
}
