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

  /**
   * A read of two dependent steps in one transaction bound to the tenant: BEGIN, the binding and
   * {@code first}'s statements are sent together (pipelined on the connection, executed in order), then
   * {@code second}'s, then COMMIT — three round trips where a plain transaction takes five; for serving,
   * where every round trip on a busy machine waits for the scheduler twice. (COMMIT is not sent with
   * {@code second}: on a cache miss that step sends more than one statement, one after the other.)
   * {@code tally} counts the binding and the steps' statements (not BEGIN and COMMIT).
   */
  public static <U, T> Uni<T> read(Pool pool, UUID tenantId, Function<SqlConnection, Uni<U>> first,
      java.util.function.BiFunction<SqlConnection, U, Uni<T>> second, StatementTally tally) {
    if (tenantId == null) {
      return Uni.createFrom().failure(new IllegalArgumentException("tenant id is required"));
    }
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return pool.withConnection(raw -> {
      SqlConnection conn = new CountingConnection(raw, count);
      Uni<U> opened = Uni.combine().all().unis(raw.query("BEGIN").execute(), bind(conn, tenantId), first.apply(conn))
          .asTuple().map(t -> t.getItem3());
      return opened.chain(u -> second.apply(conn, u)).call(() -> raw.query("COMMIT").execute())
          .onFailure().call(e -> raw.query("ROLLBACK").execute().onFailure().recoverWithNull());
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
