package dev.kindred.recommend.profile.repository;

import dev.kindred.eventstore.privacy.UserKeys;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Reads the interest profile projection (written by interest-worker) for one tenant's user. */
@ApplicationScoped
public class ProfileReader {

  /** The stored document, the last applied event, and the interest nearest to the short-term vector. */
  public record StoredProfile(JsonNode document, UUID lastEventId, Instant updatedAt, Integer sessionInterest) {
  }

  private final Pool pool;

  public ProfileReader(Pool pool) {
    this.pool = pool;
  }

  public Uni<Optional<StoredProfile>> find(UUID tenantId, String userId) {
    return TenantTx.run(pool, tenantId, c -> UserKeys.find(c, tenantId, userId).chain(key -> c.preparedQuery("""
            SELECT p.profile::text AS profile, p.last_event_id, p.updated_at,
                   (SELECT k.cluster_id FROM interest_clusters k
                    WHERE k.tenant_id = p.tenant_id AND k.user_id = p.user_id AND p.session_vector IS NOT NULL
                    ORDER BY k.centroid <=> p.session_vector LIMIT 1) AS session_interest
            FROM interest_profiles p WHERE p.tenant_id = $1 AND p.user_id = $2
            """).execute(Tuple.of(tenantId, key == null ? "" : key.pseudonym()))))
        .map(rows -> {
          for (Row r : rows) {
            try {
              return Optional.of(new StoredProfile(JsonBodies.MAPPER.readTree(r.getString("profile")),
                  r.getUUID("last_event_id"), r.getOffsetDateTime("updated_at").toInstant(),
                  r.getInteger("session_interest")));
            } catch (Exception e) {
              throw new IllegalStateException("stored profile of " + userId + " is not JSON", e);
            }
          }
          return Optional.empty();
        });
  }

  /** False when the user withdrew personalization consent (no row means never asked: allowed). */
  public Uni<Boolean> personalizationAllowed(UUID tenantId, String userId) {
    return TenantTx.run(pool, tenantId, c -> UserKeys.find(c, tenantId, userId).chain(key -> personalizationAllowed(c, key)));
  }

  /**
   * The same, inside a transaction already bound to the tenant: the serving read model's consent
   * (V23 {@code user_serving}, written in the transaction that appended the user's latest
   * {@code ConsentChanged}), so that a withdrawal holds from the next request on.
   */
  public Uni<Boolean> personalizationAllowed(SqlConnection c, UserKeys.UserKey user) {
    if (user == null) {
      return Uni.createFrom().item(true);
    }
    return c.preparedQuery("SELECT personalization FROM user_serving WHERE user_id = $1")
        .execute(Tuple.of(user.pseudonym()))
        .map(rows -> rows.size() == 0 || rows.iterator().next().getBoolean(0));
  }
}
