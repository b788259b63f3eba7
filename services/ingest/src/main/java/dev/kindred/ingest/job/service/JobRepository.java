package dev.kindred.ingest.job.service;

import dev.kindred.tenancy.FieldError;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Long-running jobs (imports here; embedding backfills run by the worker) and their progress, readable by the tenant that started them. */
@ApplicationScoped
public class JobRepository {
  private final Pool pool;

  public JobRepository(Pool pool) {
    this.pool = pool;
  }

  /** A job's state as {@code GET /v1/jobs/{id}} shows it. */
  public record Job(UUID id, String kind, String status, long processed, Long total, long accepted, long rejected,
      List<Map<String, Object>> errors, Instant createdAt, Instant updatedAt, Instant finishedAt) {}

  public Uni<Void> create(UUID tenantId, UUID id, String kind) {
    return TenantTx.run(pool, tenantId, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status) VALUES ($1, $2, $3, 'RUNNING')")
        .execute(Tuple.of(id, tenantId, kind))).replaceWithVoid();
  }

  public Uni<Void> progress(UUID tenantId, UUID id, long processed, long accepted, long rejected,
      List<FieldError> errors, String status) {
    String errs;
    try {
      errs = JsonBodies.MAPPER.writeValueAsString(errors);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return TenantTx.run(pool, tenantId, c -> c.preparedQuery("""
            UPDATE jobs SET processed = $3, accepted = $4, rejected = $5, errors = $6::text::jsonb, status = $7,
                   updated_at = now(), finished_at = CASE WHEN $7 = 'RUNNING' THEN NULL ELSE now() END
            WHERE id = $1 AND tenant_id = $2
            """).execute(Tuple.tuple(List.of(id, tenantId, processed, accepted, rejected, errs, status))))
        .replaceWithVoid();
  }

  @SuppressWarnings("unchecked")
  public Uni<Optional<Job>> find(UUID tenantId, UUID id) {
    return TenantTx.run(pool, tenantId, c -> c.preparedQuery("""
            SELECT id, kind, status, processed, total, accepted, rejected, errors::text AS errors, created_at,
                   updated_at, finished_at FROM jobs WHERE id = $1
            """).execute(Tuple.of(id))).map(rows -> {
              for (Row r : rows) {
                List<Map<String, Object>> errors;
                try {
                  errors = JsonBodies.MAPPER.readValue(r.getString("errors"), List.class);
                } catch (Exception e) {
                  errors = List.of();
                }
                return Optional.of(new Job(r.getUUID("id"), r.getString("kind"), r.getString("status"),
                    r.getLong("processed"), r.getLong("total"), r.getLong("accepted"), r.getLong("rejected"), errors,
                    r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(),
                    r.getOffsetDateTime("finished_at") == null ? null : r.getOffsetDateTime("finished_at").toInstant()));
              }
              return Optional.empty();
            });
  }
}
