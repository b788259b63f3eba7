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
 * Resolves a key id to its stored facts through the database's owner-rights function (the tenant
 * is not known yet, so row-level security cannot apply). The services cache what this returns
 * ({@code web.ApiKeyCache}) and check the presented secret, revocation and the end of a rotation's
 * overlap window against it on every request.
 */
public final class ApiKeyResolver {
  private static final String SQL = """
      SELECT k.tenant_id, k.scope, k.secret_hash, k.revoked, k.requests_per_second, k.allowed_origins,
             k.client_requests_per_second, k.last_used_at, k.expires_at
      FROM resolve_api_key($1) k
      """;

  /**
   * A valid key: who it acts for, and what binds a publishable key — the tenant's allowed origins and
   * per-client rate — with when it was last used (null: never).
   */
  public record Resolved(ApiPrincipal principal, List<String> allowedOrigins, int clientRequestsPerSecond,
      Instant lastUsedAt) {
  }

  /** A key's stored facts as read: the secret's hash, whether it was revoked, when its overlap window ends. */
  public record Stored(Resolved key, byte[] secretHash, boolean revoked, Instant expiresAt) {

    /** The key if {@code presented} is its secret and it is valid {@code at}; else empty. */
    public Optional<Resolved> check(String presented, Instant at) {
      if (revoked || (expiresAt != null && !expiresAt.isAfter(at)) || !ApiKeys.matches(presented, secretHash)) {
        return Optional.empty();
      }
      return Optional.of(key);
    }
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
    return read(keyId).map(stored -> stored.flatMap(s -> s.check(presented, Instant.now())));
  }

  /** The stored facts of a key id (empty: no such key). */
  public Uni<Optional<Stored>> read(String keyId) {
    return pool.preparedQuery(SQL).execute(Tuple.of(keyId)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row r = it.next();
      ApiPrincipal p = new ApiPrincipal(r.getUUID("tenant_id"), keyId, ApiScope.fromDbName(r.getString("scope")),
          r.getInteger("requests_per_second"));
      String[] origins = r.getArrayOfStrings("allowed_origins");
      OffsetDateTime used = r.getOffsetDateTime("last_used_at");
      OffsetDateTime expires = r.getOffsetDateTime("expires_at");
      Resolved key = new Resolved(p, origins == null ? List.of() : Arrays.asList(origins),
          r.getInteger("client_requests_per_second"), used == null ? null : used.toInstant());
      return Optional.of(new Stored(key, r.getBuffer("secret_hash").getBytes(), r.getBoolean("revoked"),
          expires == null ? null : expires.toInstant()));
    });
  }

  /** Records that the key was used (the function writes at most every 30 s per key). */
  public Uni<Void> touch(String keyId) {
    return pool.preparedQuery("SELECT touch_api_key($1)").execute(Tuple.of(keyId)).replaceWithVoid();
  }
}
