package dev.kindred.ingest.user.service;

import dev.kindred.eventstore.privacy.ErasureRequests;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The right to be forgotten, asked by the tenant's app: the request is stored and announced in
 * one transaction with its audit record; the worker's erasure subscription carries it out
 * (typically within a second) and marks it COMPLETED.
 */
@ApplicationScoped
public class UserErasure {

  private final Pool pool;

  public UserErasure(Pool pool) {
    this.pool = pool;
  }

  public Uni<UUID> request(UUID tenant, String userId, String actor) {
    return TenantTx.run(pool, tenant, c -> ErasureRequests.request(c, tenant, userId, actor)
        .call(id -> AuditLog.record(c, tenant, actor, "privacy.erasure.request", "request:" + id, null)));
  }
}
