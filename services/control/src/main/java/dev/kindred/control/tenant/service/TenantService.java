package dev.kindred.control.tenant.service;

import dev.kindred.control.keycloak.KeycloakAdmin;
import dev.kindred.control.keycloak.KeycloakConflictException;
import dev.kindred.events.ApiKeyIssued;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.KindredEvent;
import dev.kindred.events.TenantCreated;
import dev.kindred.events.TenantSettingsChanged;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.ApiKeys;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.MergePatch;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantRepository.Tenant;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.EndUserTokens;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenant lifecycle. Every change appends its event and updates the tenants/api_keys projection in
 * the same transaction, bound to the tenant by row-level security.
 */
@ApplicationScoped
public class TenantService {
  private final Pool pool;
  private final KeycloakAdmin keycloak;
  private final EventStore events = new EventStore();
  private final TenantRepository repo = new TenantRepository();
  private final SecureRandom random = new SecureRandom();

  public TenantService(Pool pool, KeycloakAdmin keycloak) {
    this.pool = pool;
    this.keycloak = keycloak;
  }

  /** What onboarding returns once: the keys and the admin password are never readable again. */
  public record Onboarded(Tenant tenant, String adminUsername, String adminPassword,
      ApiKeys.Generated ingestKey, ApiKeys.Generated serveKey, ApiKeys.Generated publishableKey,
      String userTokenKeyId, String userTokenSecret) {}

  public Uni<Onboarded> onboard(String name, String slug, String adminEmail, String adminPassword) {
    UUID id = UUID.randomUUID();
    String password = adminPassword != null ? adminPassword : generatePassword();
    String username = slug + "-admin";
    return tenantIdBySlug(slug).chain(existing -> {
      if (existing.isPresent()) {
        throw ProblemException.conflict("a tenant with slug '" + slug + "' exists");
      }
      return keycloak.createOrganization(slug, name);
    }).onFailure(KeycloakConflictException.class)
        .transform(e -> ProblemException.conflict("Keycloak already has an organization '" + slug + "'"))
        .chain(orgId -> keycloak.createUser(username, adminEmail, password)
            .onFailure().call(() -> keycloak.deleteOrganization(orgId))
            .onFailure(KeycloakConflictException.class)
            .transform(e -> ProblemException.conflict("a user '" + username + "' or '" + adminEmail + "' exists"))
            .chain(userId -> keycloak.grantRealmRole(userId, "tenant-admin")
                .chain(() -> keycloak.addMember(orgId, userId))
                .chain(() -> persistTenant(new Tenant(id, slug, name, orgId, Instant.now())))
                // Keycloak has no transaction with us: undo what was created there if we fail.
                .onFailure().call(() -> keycloak.deleteUser(userId).onFailure().recoverWithNull()
                    .chain(() -> keycloak.deleteOrganization(orgId).onFailure().recoverWithNull()))))
        .map(keys -> new Onboarded(keys.tenant, username, password, keys.ingest, keys.serve, keys.publishable,
            keys.tokenKey, EndUserTokens.secretFor(keys.tenant.id(), keys.tokenKey)));
  }

  private record Created(Tenant tenant, ApiKeys.Generated ingest, ApiKeys.Generated serve,
      ApiKeys.Generated publishable, String tokenKey) {}

  /** The tenant with its first keys: secret ingest and serve keys, a publishable key, a user-token key. */
  private Uni<Created> persistTenant(Tenant t) {
    ApiKeys.Generated ingest = ApiKeys.generate(ApiScope.INGEST);
    ApiKeys.Generated serve = ApiKeys.generate(ApiScope.SERVE);
    ApiKeys.Generated publishable = ApiKeys.generate(ApiScope.PUBLISHABLE);
    String tokenKey = ApiKeys.newTokenKeyId();
    TenantSettings settings = TenantSettings.defaults();
    return TenantTx.run(pool, t.id(), c -> repo.insertTenant(c, t, settings)
        .chain(() -> repo.insertKey(c, t.id(), ingest, ApiScope.INGEST, "first ingest key"))
        .chain(() -> repo.insertKey(c, t.id(), serve, ApiScope.SERVE, "first serve key"))
        .chain(() -> repo.insertKey(c, t.id(), publishable, ApiScope.PUBLISHABLE, "first publishable key"))
        .chain(() -> repo.insertTokenKey(c, t.id(), tokenKey, "first user-token key"))
        .chain(() -> append(c, t.id(),
            new TenantCreated(t.id().toString(), t.slug(), t.name(), t.organizationId()),
            new TenantSettingsChanged(settings.toMap()),
            new ApiKeyIssued(ingest.keyId(), "ingest", "first ingest key"),
            new ApiKeyIssued(serve.keyId(), "serve", "first serve key"),
            new ApiKeyIssued(publishable.keyId(), "publishable", "first publishable key"),
            new ApiKeyIssued(tokenKey, "user-token", "first user-token key"))))
        .map(v -> new Created(t, ingest, serve, publishable, tokenKey));
  }

  public Uni<List<Tenant>> listAll() {
    return pool.query("SELECT * FROM platform_list_tenants()").execute().map(rows -> {
      List<Tenant> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Tenant(r.getUUID("id"), r.getString("slug"), r.getString("name"),
            r.getString("organization_id"), r.getOffsetDateTime("created_at").toInstant()));
      }
      return out;
    });
  }

  public Uni<Optional<UUID>> tenantIdBySlug(String slug) {
    return pool.preparedQuery("SELECT tenant_id_by_slug($1) AS id").execute(Tuple.of(slug))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getUUID("id")));
  }

  public Uni<Tenant> find(UUID id) {
    return TenantTx.run(pool, id, c -> repo.findTenant(c, id))
        .map(t -> t.orElseThrow(() -> ProblemException.notFound("no such tenant")));
  }

  public Uni<TenantSettings> settings(UUID id) {
    return TenantTx.run(pool, id, c -> repo.settings(c, id));
  }

  /** Applies an RFC 7396 merge patch; the whole result must validate or nothing changes. */
  public Uni<TenantSettings> patchSettings(UUID id, Map<String, Object> patch, String actor) {
    return TenantTx.run(pool, id, c -> repo.settings(c, id).chain(current -> {
      TenantSettings next;
      try {
        next = TenantSettings.fromMap(MergePatch.apply(current.toMap(), patch));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest("settings: " + rootMessage(e), null);
      }
      var errors = next.validate();
      if (!errors.isEmpty()) {
        throw ProblemException.badRequest("settings are invalid", errors);
      }
      if (json(next.toMap()).contains("\\u0000")) {
        // PostgreSQL's jsonb cannot hold a NUL character: refused here, not as a failed write.
        throw ProblemException.badRequest("settings: a text contains a NUL character", null);
      }
      return repo.replaceSettings(c, id, next)
          .chain(() -> append(c, id, new TenantSettingsChanged(next.toMap())))
          .chain(() -> AuditLog.record(c, id, actor, "settings.change", null, json(Map.of("patch", patch))))
          .replaceWith(next);
    }));
  }

  /** The tenant's audit log, newest first. */
  public Uni<List<Map<String, Object>>> audit(UUID id, int limit) {
    return TenantTx.run(pool, id, c -> c.preparedQuery(
            "SELECT at, actor, action, subject, detail::text AS detail FROM audit_log ORDER BY id DESC LIMIT $1")
        .execute(Tuple.of(limit)).map(rows -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (Row r : rows) {
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("at", r.getOffsetDateTime("at").toString());
            e.put("actor", r.getString("actor"));
            e.put("action", r.getString("action"));
            e.put("subject", r.getString("subject"));
            e.put("detail", dev.kindred.web.JsonBodies.parse(r.getString("detail"), Integer.MAX_VALUE));
            out.add(e);
          }
          return out;
        }));
  }

  private static String json(Object o) {
    try {
      return dev.kindred.web.JsonBodies.MAPPER.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Uni<Void> append(SqlConnection c, UUID tenantId, KindredEvent... evs) {
    Instant now = Instant.now();
    List<EventEnvelope> batch = new ArrayList<>();
    for (KindredEvent e : evs) {
      batch.add(EventEnvelope.toAppend(tenantId, EventEnvelope.TENANT_STREAM, UUID.randomUUID(), e, null, now));
    }
    return events.append(c, batch).replaceWithVoid();
  }

  private String generatePassword() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    int cut = m.indexOf(" (through reference chain");
    return (cut > 0 ? m.substring(0, cut) : m).replaceAll("\\s+at \\[Source.*", "");
  }
}
