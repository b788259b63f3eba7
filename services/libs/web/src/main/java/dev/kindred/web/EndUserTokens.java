package dev.kindred.web;

import dev.kindred.eventstore.privacy.TenantKeys;
import dev.kindred.tenancy.EndUserToken;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies end-user tokens presented with a publishable key: signed (HS256) with the secret of one
 * of the key's tenant's live user-token keys ({@code user_token_keys}, V22), unexpired, short-lived.
 * A key's secret is derived from the platform master key, the tenant and the key id, never stored.
 * Which keys are live is cached for {@link #CACHE_MS} at most, and dropped as soon as the database
 * announces a change of the key ({@link ChangeFeed}).
 */
@jakarta.inject.Singleton
public class EndUserTokens {

  /** The header a page sends its user token in (beside the publishable key in Authorization). */
  public static final String HEADER = "X-Kindred-User-Token";
  static final long CACHE_MS = 15_000;
  private final Pool pool;
  private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();

  /** A user-token key as last read: its tenant, until when it signs (null: no end), when read. */
  private record Live(UUID tenant, Instant until, long readAt) {
    boolean validAt(Instant now) {
      return tenant != null && (until == null || until.isAfter(now));
    }
  }

  private final ChangeFeed changes;

  public EndUserTokens(Pool pool, ChangeFeed changes) {
    this.pool = pool;
    this.changes = changes;
  }

  /** A revoked or rotated user-token key is dropped as soon as the database announces it. */
  private void listening() {
    changes.listenOnce(this, this::changed);
  }

  private void changed(String payload) {
    if (ChangeFeed.EVERYTHING.equals(payload)) {
      live.clear();
    } else if (payload.startsWith("token-key:")) {
      String kid = "/" + payload.substring("token-key:".length());
      live.keySet().removeIf(k -> k.endsWith(kid));
    }
  }

  /** The secret of a tenant's user-token key, as shown to the tenant once and as it signs. */
  public static String secretFor(UUID tenant, String kid) {
    return kid + "." + TenantKeys.secretFor("user-token/" + tenant + "/" + kid);
  }

  /** The user the token names, or a 401 problem saying why it is refused. */
  public Uni<String> verify(UUID tenant, String token) {
    Instant now = Instant.now();
    EndUserToken.Parsed parsed;
    try {
      parsed = EndUserToken.parse(token, now);
    } catch (EndUserToken.Invalid e) {
      return Uni.createFrom().failure(ProblemException.unauthorized(e.getMessage()));
    }
    return key(tenant, parsed.kid()).map(k -> {
      // A key of another tenant, an unknown, revoked or expired key: the same answer, naming nothing.
      if (!k.validAt(now) || !tenant.equals(k.tenant())) {
        throw ProblemException.unauthorized("the user token's key is not a live user-token key of this tenant");
      }
      if (!EndUserToken.signedWith(parsed, secretFor(tenant, parsed.kid()))) {
        throw ProblemException.unauthorized("the user token's signature does not verify");
      }
      return parsed.subject();
    });
  }

  private Uni<Live> key(UUID tenant, String kid) {
    listening();
    String cacheKey = tenant + "/" + kid;
    Live cached = live.get(cacheKey);
    if (cached != null && System.currentTimeMillis() - cached.readAt() < CACHE_MS) {
      return Uni.createFrom().item(cached);
    }
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT tenant_id, expires_at, revoked_at FROM user_token_keys WHERE id = $1").execute(Tuple.of(kid)))
        .map(rows -> {
          Live k = new Live(null, null, System.currentTimeMillis());
          for (Row r : rows) {
            OffsetDateTime expires = r.getOffsetDateTime("expires_at");
            OffsetDateTime revoked = r.getOffsetDateTime("revoked_at");
            Instant until = revoked != null ? revoked.toInstant() : expires == null ? null : expires.toInstant();
            k = new Live(r.getUUID("tenant_id"), until, k.readAt());
          }
          if (live.size() > 10_000) {
            live.clear();
          }
          live.put(cacheKey, k);
          return k;
        });
  }
}
