package dev.kindred.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends to {@code audit_log} (V14) in the caller's tenant-bound transaction, so an audited read
 * or change and its record commit together. {@code actor}: {@code key:<key id>} or
 * {@code user:<username>}; {@code detail}: a JSON object.
 */
public final class AuditLog {

  private AuditLog() {
  }

  public static Uni<Void> record(SqlConnection c, java.util.UUID tenant, String actor, String action, String subject,
      String detailJson) {
    return c.preparedQuery("INSERT INTO audit_log (tenant_id, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5::text::jsonb)")
        .execute(Tuple.of(tenant, actor, action, subject, detailJson == null ? "{}" : detailJson)).replaceWithVoid();
  }
}
