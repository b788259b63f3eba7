package dev.kindred.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;

/**
 * Resolves a presented key to its tenant through the database's owner-rights function (the tenant
 * is not known yet, so row-level security cannot apply). Revocation takes effect on the next call:
 * nothing is cached.
 */
public final class ApiKeyResolver {
  private static final String SQL = """
      SELECT k.tenant_id, k.scope, k.secret_hash, k.revoked, k.requests_per_second
      FROM resolve_api_key($1) k
      """;

  private final Pool pool;

  public ApiKeyResolver(Pool pool) {
    this.pool = pool;
  }

  /** Empty when the key is malformed, unknown, revoked or its secret does not match. */
  public Uni<Optional<ApiPrincipal>> resolve(String presented) {
    String keyId = ApiKeys.keyIdOf(presented);
    if (keyId == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    return pool.preparedQuery(SQL).execute(Tuple.of(keyId)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row r = it.next();
      byte[] hash = r.getBuffer("secret_hash").getBytes();
      if (r.getBoolean("revoked") || !ApiKeys.matches(presented, hash)) {
        return Optional.empty();
      }
      return Optional.of(new ApiPrincipal(r.getUUID("tenant_id"), keyId,
          ApiScope.fromDbName(r.getString("scope")), r.getInteger("requests_per_second")));
    });
  }
}
