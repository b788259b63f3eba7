package dev.kindred.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a presented key to its tenant through the database's owner-rights function (the tenant
 * is not known yet, so row-level security cannot apply). Revocation and the end of a rotation's
 * overlap window take effect on the next call: nothing is cached.
 */
public final class ApiKeyResolver {
  private static final String SQL = """
      SELECT k.tenant_id, k.scope, k.secret_hash, k.revoked, k.requests_per_second, k.allowed_origins,
             k.client_requests_per_second, k.last_used_at
      FROM resolve_api_key($1) k
      """;

  /**
   * A valid key: who it acts for, and what binds a publishable key — the tenant's allowed origins and
   * per-client rate — with when it was last used (null: never).
   */
  public record Resolved(ApiPrincipal principal, List<String> allowedOrigins, int clientRequestsPerSecond,
      Instant lastUsedAt) {
  }

  private final Pool pool;

  public ApiKeyResolver(Pool pool) {
    this.pool = pool;
  }

  /** Empty when the key is malformed, unknown, revoked, expired or its secret does not match. */
  public Uni<Optional<Resolved>> resolve(String presented) {
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
      ApiPrincipal p = new ApiPrincipal(r.getUUID("tenant_id"), keyId, ApiScope.fromDbName(r.getString("scope")),
          r.getInteger("requests_per_second"));
      String[] origins = r.getArrayOfStrings("allowed_origins");
      OffsetDateTime used = r.getOffsetDateTime("last_used_at");
      return Optional.of(new Resolved(p, origins == null ? List.of() : Arrays.asList(origins),
          r.getInteger("client_requests_per_second"), used == null ? null : used.toInstant()));
    });
  }

  /** Records that the key was used (the function writes at most every 30 s per key). */
  public Uni<Void> touch(String keyId) {
    return pool.preparedQuery("SELECT touch_api_key($1)").execute(Tuple.of(keyId)).replaceWithVoid();
  }
}
