package dev.kindred.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs work in one transaction bound to one tenant: row-level security then shows and accepts only
 * that tenant's rows, whatever ids the SQL names. The setting is transaction-local, so a pooled
 * connection never carries a tenant into the next transaction.
 */
public final class TenantTx {
  // The tenant binding; iterative HNSW scans (pgvector 0.8) ride along, so that a filtered nearest-item
  // search still fills its list without a statement of its own.
  private static final String SET_TENANT =
      "SELECT set_config('kindred.tenant_id', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)";

  private TenantTx() {}

  public static <T> Uni<T> run(Pool pool, UUID tenantId, Function<SqlConnection, Uni<T>> work) {
    return pool.withTransaction(conn -> bind(conn, tenantId).chain(() -> work.apply(conn)));
  }

  /**
   * The same, adding to {@code tally} the statements the transaction sent — the binding and every
   * statement of {@code work} (BEGIN and COMMIT not counted): serving's statement budget, measured.
   */
  public static <T> Uni<T> run(Pool pool, UUID tenantId, Function<SqlConnection, Uni<T>> work, StatementTally tally) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return pool.withTransaction(raw -> {
      SqlConnection conn = new CountingConnection(raw, count);
      return bind(conn, tenantId).chain(() -> work.apply(conn));
    }).eventually(() -> tally.add(count.get()));
  }

  /** Binds an already open transaction to the tenant. */
  public static Uni<Void> bind(SqlConnection conn, UUID tenantId) {
    if (tenantId == null) {
      return Uni.createFrom().failure(new IllegalArgumentException("tenant id is required"));
    }
    return conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString())).replaceWithVoid();
  }
}
