package dev.kindred.control.privacy.service;

import dev.kindred.eventstore.privacy.ErasureRequests;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Privacy requests of a tenant: a privacy officer's erasure request (taken like the app's
 * {@code DELETE /v1/users/{id}} on ingest, carried out by the worker) and the requests' status.
 * Reading a request is audited as well: who followed which request is part of the trail.
 */
@ApplicationScoped
public class PrivacyService {

  private final Pool pool;

  public PrivacyService(Pool pool) {
    this.pool = pool;
  }

  public Uni<UUID> requestErasure(UUID tenant, String userId, String actor) {
    dev.kindred.web.Params.id("userId", userId);
    return TenantTx.run(pool, tenant, c -> ErasureRequests.request(c, tenant, userId, actor)
        .call(id -> AuditLog.record(c, tenant, actor, "privacy.erasure.request", "request:" + id, null)));
  }

  /** The request, or 404 (also for another tenant's request: row-level security hides it). */
  public Uni<Map<String, Object>> request(UUID tenant, String rawId) {
    UUID id;
    try {
      id = UUID.fromString(rawId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.field("id", "is not a request id (UUID)");
    }
    return TenantTx.run(pool, tenant, c -> ErasureRequests.find(c, id)).map(s -> {
      if (s == null) {
        throw ProblemException.notFound("no such privacy request");
      }
      return ErasureRequests.view(s);
    });
  }

  public Uni<List<Map<String, Object>>> requests(UUID tenant, int limit) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT id FROM privacy_requests ORDER BY requested_at DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .chain(rows -> {
          Uni<List<Map<String, Object>>> out = Uni.createFrom().item(new ArrayList<>());
          for (var r : rows) {
            UUID id = r.getUUID(0);
            out = out.chain(list -> ErasureRequests.find(c, id).map(s -> {
              list.add(ErasureRequests.view(s));
              return list;
            }));
          }
          return out;
        }));
  }
}
