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
  private static final String SET_TENANT = "SELECT set_config('kindred.tenant_id', $1, true)";

  private TenantTx() {}

  public static <T> Uni<T> run(Pool pool, UUID tenantId, Function<SqlConnection, Uni<T>> work) {
    return pool.withTransaction(conn -> bind(conn, tenantId).chain(() -> work.apply(conn)));
  }

  /** Binds an already open transaction to the tenant. */
  public static Uni<Void> bind(SqlConnection conn, UUID tenantId) {
    if (tenantId == null) {
      return Uni.createFrom().failure(new IllegalArgumentException("tenant id is required"));
    }
    return conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString())).replaceWithVoid();
  }
}
