package dev.kindred.control.keys.service;

import dev.kindred.events.ApiKeyIssued;
import dev.kindred.events.ApiKeyRevoked;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.KindredEvent;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.ApiKeys;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantRepository.KeyInfo;
import dev.kindred.tenancy.TenantRepository.TokenKeyInfo;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.EndUserTokens;
import dev.kindred.web.JsonBodies;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's credentials: API keys (secret ingest/serve keys, publishable keys) and user-token
 * signing keys. Every change appends its event, updates the projection and writes the audit log in
 * one transaction. Rotation keeps a live app running: the replaced key stays valid until a chosen
 * time (default {@link #DEFAULT_OVERLAP_HOURS} h), and its end is recorded by {@link KeyExpirySweep}.
 */
@ApplicationScoped
public class KeyService {

  public static final int DEFAULT_OVERLAP_HOURS = 24;
  public static final int MAX_OVERLAP_DAYS = 30;
  public static final String TOKEN_SCOPE = "user-token";
  private final Pool pool;
  private final EventStore events = new EventStore();
  private final TenantRepository repo = new TenantRepository();

  public KeyService(Pool pool) {
    this.pool = pool;
  }

  /** A key issued now: its id, the secret shown only once, and the key it replaces (if any) with its end. */
  public record Issued(String keyId, String scope, String key, String replaces, Instant replacedValidUntil) {
  }

  public Uni<List<KeyInfo>> list(UUID tenant) {
    return TenantTx.run(pool, tenant, c -> repo.listKeys(c, tenant));
  }

  /**
   * Issues a key of {@code scope}; with {@code replaces} (a live key of the same scope) a rotation:
   * the old key stays valid until {@code oldValidUntil} (null: 24 h; now or earlier: revoked at once).
   */
  public Uni<Issued> issue(UUID tenant, ApiScope scope, String label, String replaces, Instant oldValidUntil,
      String actor) {
    ApiKeys.Generated key = ApiKeys.generate(scope);
    Instant until = replaces == null ? null : overlapEnd(oldValidUntil);
    return TenantTx.run(pool, tenant, c -> (replaces == null ? Uni.createFrom().voidItem() : replaceable(c, tenant, replaces, scope))
        .chain(() -> repo.insertKey(c, tenant, key, scope, label))
        .chain(() -> append(c, tenant, new ApiKeyIssued(key.keyId(), scope.dbName(), label, replaces, until)))
        .chain(() -> AuditLog.record(c, tenant, actor, "api-key.issue", key.keyId(),
            detail("scope", scope.dbName(), "label", label, "replaces", replaces, "oldKeyValidUntil", until)))
        .chain(() -> replaces == null ? Uni.createFrom().voidItem() : endOld(c, tenant, replaces, key.keyId(), until, actor)))
        .replaceWith(new Issued(key.keyId(), scope.dbName(), key.key(), replaces, until));
  }

  /** Revokes at once (also a key in its overlap window). */
  public Uni<Void> revoke(UUID tenant, String keyId, String actor) {
    return TenantTx.run(pool, tenant, c -> revokeIn(c, tenant, keyId)
        .chain(() -> AuditLog.record(c, tenant, actor, "api-key.revoke", keyId, null)));
  }

  /**
   * Records the end of an overlap window that has passed: the key counts as revoked from its expiry
   * time, with an {@code ApiKeyRevoked} "expired" event and an audit entry. False when already recorded.
   */
  public Uni<Boolean> recordExpiry(UUID tenant, String keyId, Instant expiredAt) {
    return TenantTx.run(pool, tenant, c -> repo.recordExpiry(c, tenant, keyId).call(done -> !done
        ? Uni.createFrom().voidItem()
        : append(c, tenant, new ApiKeyRevoked(keyId, "expired"))
            .chain(() -> AuditLog.record(c, tenant, "system", "api-key.expire", keyId, detail("expiredAt", expiredAt)))));
  }

  public Uni<List<TokenKeyInfo>> tokenKeys(UUID tenant) {
    return TenantTx.run(pool, tenant, c -> repo.listTokenKeys(c, tenant));
  }

  /**
   * A new user-token signing key; its secret (derived, never stored) is returned only now. With
   * {@code replaces}, the old key keeps signing until {@code oldValidUntil} (default 24 h).
   */
  public Uni<Issued> issueTokenKey(UUID tenant, String label, String replaces, Instant oldValidUntil, String actor) {
    String keyId = ApiKeys.newTokenKeyId();
    Instant until = replaces == null ? null : overlapEnd(oldValidUntil);
    return TenantTx.run(pool, tenant, c -> repo.insertTokenKey(c, tenant, keyId, label)
        .chain(() -> append(c, tenant, new ApiKeyIssued(keyId, TOKEN_SCOPE, label, replaces, until)))
        .chain(() -> AuditLog.record(c, tenant, actor, "user-token-key.issue", keyId,
            detail("label", label, "replaces", replaces, "oldKeyValidUntil", until)))
        .chain(() -> replaces == null ? Uni.createFrom().voidItem() : repo.endTokenKey(c, tenant, replaces, until)
            .invoke(done -> {
              if (!done) {
                throw ProblemException.notFound("no live user-token key '" + replaces + "' for this tenant");
              }
            }).replaceWithVoid()))
        .replaceWith(new Issued(keyId, TOKEN_SCOPE, EndUserTokens.secretFor(tenant, keyId), replaces, until));
  }

  public Uni<Void> revokeTokenKey(UUID tenant, String keyId, String actor) {
    return TenantTx.run(pool, tenant, c -> repo.revokeTokenKey(c, tenant, keyId).chain(done -> {
      if (!done) {
        throw ProblemException.notFound("no live user-token key '" + keyId + "' for this tenant");
      }
      return append(c, tenant, new ApiKeyRevoked(keyId, "revoked"))
          .chain(() -> AuditLog.record(c, tenant, actor, "user-token-key.revoke", keyId, null));
    }));
  }

  /** When a rotation's old key stops: the requested time within [now, now + 30 days], or in 24 h. */
  static Instant overlapEnd(Instant requested) {
    Instant now = Instant.now();
    if (requested == null) {
      return now.plusSeconds(DEFAULT_OVERLAP_HOURS * 3600L);
    }
    if (requested.isAfter(now.plusSeconds(MAX_OVERLAP_DAYS * 86_400L))) {
      throw ProblemException.field("oldKeyValidUntil", "at most " + MAX_OVERLAP_DAYS + " days ahead");
    }
    return requested.isBefore(now) ? now : requested;
  }

  private Uni<Void> replaceable(SqlConnection c, UUID tenant, String keyId, ApiScope scope) {
    return repo.key(c, tenant, keyId).invoke(found -> {
      KeyInfo k = found.filter(x -> x.revokedAt() == null && (x.expiresAt() == null || x.expiresAt().isAfter(Instant.now())))
          .orElseThrow(() -> ProblemException.notFound("no active API key '" + keyId + "' for this tenant"));
      if (!k.scope().equals(scope.dbName())) {
        throw ProblemException.field("replaces", "'" + keyId + "' is a " + k.scope() + " key; a rotation keeps the scope");
      }
    }).replaceWithVoid();
  }

  private Uni<Void> endOld(SqlConnection c, UUID tenant, String oldKey, String newKey, Instant until, String actor) {
    if (!until.isAfter(Instant.now())) {
      return revokeIn(c, tenant, oldKey).chain(() -> AuditLog.record(c, tenant, actor, "api-key.revoke", oldKey,
          detail("replacedBy", newKey)));
    }
    return repo.scheduleExpiry(c, tenant, oldKey, until, newKey).chain(done -> {
      if (!done) {
        throw ProblemException.notFound("no active API key '" + oldKey + "' for this tenant");
      }
      return AuditLog.record(c, tenant, actor, "api-key.expiry-scheduled", oldKey,
          detail("replacedBy", newKey, "validUntil", until));
    });
  }

  private Uni<Void> revokeIn(SqlConnection c, UUID tenant, String keyId) {
    return repo.revokeKey(c, tenant, keyId).chain(done -> {
      if (!done) {
        throw ProblemException.notFound("no active API key '" + keyId + "' for this tenant");
      }
      return append(c, tenant, new ApiKeyRevoked(keyId, "revoked"));
    });
  }

  private Uni<Void> append(SqlConnection c, UUID tenant, KindredEvent e) {
    return events.append(c, List.of(EventEnvelope.toAppend(tenant, EventEnvelope.TENANT_STREAM, UUID.randomUUID(), e,
        null, Instant.now()))).replaceWithVoid();
  }

  /** An audit detail object from name/value pairs; null values left out. */
  private static String detail(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put((String) pairs[i], pairs[i + 1].toString());
      }
    }
    try {
      return JsonBodies.MAPPER.writeValueAsString(m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
