package dev.kindred.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenants and api_keys projections. Every method takes a connection whose transaction is
 * already bound to the tenant (see {@link TenantTx}); row-level security enforces it.
 */
public final class TenantRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tenant row as the APIs show it. */
  public record Tenant(UUID id, String slug, String name, String organizationId, Instant createdAt) {}

  /**
   * An API key's public facts; the secret is never readable again. {@code expiresAt}: the end of a
   * rotation's overlap window (the key is refused from then on); {@code replacedBy}: the key that
   * rotated it out; {@code lastUsedAt}: to the minute.
   */
  public record KeyInfo(String keyId, String scope, String label, Instant createdAt, Instant revokedAt,
      Instant expiresAt, String replacedBy, Instant lastUsedAt) {

    public boolean secret() {
      return !ApiScope.PUBLISHABLE.dbName().equals(scope);
    }
  }

  /** A user-token signing key's public facts (its secret is derived, shown once at issue). */
  public record TokenKeyInfo(String keyId, String label, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

  public Uni<Void> insertTenant(SqlConnection c, Tenant t, TenantSettings settings) {
    return c.preparedQuery("""
            INSERT INTO tenants (id, slug, name, organization_id, settings) VALUES ($1, $2, $3, $4, $5::text::jsonb)
            """)
        .execute(Tuple.of(t.id(), t.slug(), t.name(), t.organizationId(), json(settings.toMap())))
        .replaceWithVoid();
  }

  public Uni<Optional<Tenant>> findTenant(SqlConnection c, UUID id) {
    return c.preparedQuery("SELECT id, slug, name, organization_id, created_at FROM tenants WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> {
          for (Row r : rows) {
            return Optional.of(tenant(r));
          }
          return Optional.empty();
        });
  }

  public Uni<TenantSettings> settings(SqlConnection c, UUID tenantId) {
    return c.preparedQuery("SELECT settings::text AS s FROM tenants WHERE id = $1")
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          for (Row r : rows) {
            return TenantSettings.fromMap(parse(r.getString("s")));
          }
          throw new IllegalStateException("tenant not visible: " + tenantId);
        });
  }

  public Uni<Void> replaceSettings(SqlConnection c, UUID tenantId, TenantSettings settings) {
    return c.preparedQuery("UPDATE tenants SET settings = $2::text::jsonb, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(tenantId, json(settings.toMap())))
        .replaceWithVoid();
  }

  public Uni<Void> insertKey(SqlConnection c, UUID tenantId, ApiKeys.Generated key, ApiScope scope, String label) {
    return c.preparedQuery("INSERT INTO api_keys (id, tenant_id, scope, secret_hash, label) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(key.keyId(), tenantId, scope.dbName(), Buffer.buffer(key.hash()), label))
        .replaceWithVoid();
  }

  /** Marks the key revoked; false when this tenant has no such active key. */
  public Uni<Boolean> revokeKey(SqlConnection c, UUID tenantId, String keyId) {
    return c.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL")
        .execute(Tuple.of(keyId, tenantId))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<List<KeyInfo>> listKeys(SqlConnection c, UUID tenantId) {
    return c.preparedQuery("""
            SELECT id, scope, label, created_at, revoked_at, expires_at, replaced_by, last_used_at
            FROM api_keys WHERE tenant_id = $1 ORDER BY created_at
            """)
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          List<KeyInfo> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new KeyInfo(r.getString("id"), r.getString("scope"), r.getString("label"),
                instant(r, "created_at"), instant(r, "revoked_at"), instant(r, "expires_at"), r.getString("replaced_by"),
                instant(r, "last_used_at")));
          }
          return out;
        });
  }

  /** The key's facts, if it is one of this tenant's. */
  public Uni<Optional<KeyInfo>> key(SqlConnection c, UUID tenantId, String keyId) {
    return listKeys(c, tenantId).map(all -> all.stream().filter(k -> k.keyId().equals(keyId)).findFirst());
  }

  /**
   * Rotation: the old key stays valid until {@code until} and names its successor; false when this
   * tenant has no such active key (revoked, or already ending sooner).
   */
  public Uni<Boolean> scheduleExpiry(SqlConnection c, UUID tenantId, String keyId, Instant until, String replacedBy) {
    return c.preparedQuery("""
            UPDATE api_keys SET expires_at = LEAST(coalesce(expires_at, $3), $3), replaced_by = $4
            WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            """)
        .execute(Tuple.of(keyId, tenantId, until.atOffset(java.time.ZoneOffset.UTC), replacedBy))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The end of an overlap window, recorded: the key counts as revoked at its expiry time. */
  public Uni<Boolean> recordExpiry(SqlConnection c, UUID tenantId, String keyId) {
    return c.preparedQuery("""
            UPDATE api_keys SET expiry_recorded = true, revoked_at = expires_at
            WHERE id = $1 AND tenant_id = $2 AND NOT expiry_recorded AND revoked_at IS NULL AND expires_at <= now()
            """)
        .execute(Tuple.of(keyId, tenantId))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Void> insertTokenKey(SqlConnection c, UUID tenantId, String keyId, String label) {
    return c.preparedQuery("INSERT INTO user_token_keys (id, tenant_id, label) VALUES ($1, $2, $3)")
        .execute(Tuple.of(keyId, tenantId, label)).replaceWithVoid();
  }

  /** The old user-token key keeps signing until {@code until}; false when no such live key. */
  public Uni<Boolean> endTokenKey(SqlConnection c, UUID tenantId, String keyId, Instant until) {
    return c.preparedQuery("""
            UPDATE user_token_keys SET expires_at = LEAST(coalesce(expires_at, $3), $3)
            WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            """)
        .execute(Tuple.of(keyId, tenantId, until.atOffset(java.time.ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Boolean> revokeTokenKey(SqlConnection c, UUID tenantId, String keyId) {
    return c.preparedQuery("""
            UPDATE user_token_keys SET revoked_at = now()
            WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            """)
        .execute(Tuple.of(keyId, tenantId)).map(rows -> rows.rowCount() == 1);
  }

  public Uni<List<TokenKeyInfo>> listTokenKeys(SqlConnection c, UUID tenantId) {
    return c.preparedQuery("""
            SELECT id, label, created_at, expires_at, revoked_at FROM user_token_keys WHERE tenant_id = $1 ORDER BY created_at
            """)
        .execute(Tuple.of(tenantId))
        .map(rows -> {
          List<TokenKeyInfo> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new TokenKeyInfo(r.getString("id"), r.getString("label"), instant(r, "created_at"),
                instant(r, "expires_at"), instant(r, "revoked_at")));
          }
          return out;
        });
  }

  private static Instant instant(Row r, String column) {
    java.time.OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static Tenant tenant(Row r) {
    return new Tenant(r.getUUID("id"), r.getString("slug"), r.getString("name"),
        r.getString("organization_id"), r.getOffsetDateTime("created_at").toInstant());
  }

  static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> parse(String s) {
    try {
      return JSON.readValue(s, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored settings are not JSON", e);
    }
  }
}
