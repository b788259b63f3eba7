package dev.kindred.ingest.job.repository;

import dev.kindred.tenancy.FieldError;
import dev.kindred.web.JsonBodies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Jobs through Hibernate Reactive with Panache. Each unit of work runs in a transaction bound to
 * the tenant first ({@code set_config('kindred.tenant_id', …, true)}, what {@code TenantTx} does for
 * plain SQL), so row-level security holds for the entity queries as for every other read.
 */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<JobEntity, UUID> {

  /** A job's state as {@code GET /v1/jobs/{id}} shows it. */
  public record Job(UUID id, String kind, String status, long processed, Long total, long accepted, long rejected,
      List<Map<String, Object>> errors, Instant createdAt, Instant updatedAt, Instant finishedAt) {}

  public Uni<Void> create(UUID tenantId, UUID id, String kind) {
    JobEntity job = new JobEntity();
    job.id = id;
    job.tenantId = tenantId;
    job.kind = kind;
    job.status = "RUNNING";
    job.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    return inTenant(tenantId, () -> persist(job)).replaceWithVoid();
  }

  public Uni<Void> progress(UUID tenantId, UUID id, long processed, long accepted, long rejected,
      List<FieldError> errors, String status) {
    String json;
    try {
      json = JsonBodies.MAPPER.writeValueAsString(errors);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return inTenant(tenantId, () -> findById(id).invoke(job -> {
      if (job == null) {
        throw new IllegalStateException("job " + id + " of tenant " + tenantId + " is gone");
      }
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      job.processed = processed;
      job.accepted = accepted;
      job.rejected = rejected;
      job.errorsJson = json;
      job.status = status;
      job.updatedAt = now;
      job.finishedAt = "RUNNING".equals(status) ? null : now;
    })).replaceWithVoid();
  }

  /**
   * {@link #progress} from a thread that may block (the import runs on a worker): Hibernate
   * Reactive sessions live on a Vert.x context, which this borrows for the call and waits on.
   */
  public void progressBlocking(UUID tenantId, UUID id, long processed, long accepted, long rejected,
      List<FieldError> errors, String status) {
    blocking(id, () -> progress(tenantId, id, processed, accepted, rejected, errors, status));
  }

  /** The number of entries the job will process, once it is known (for a progress bar). */
  public void totalBlocking(UUID tenantId, UUID id, long total) {
    blocking(id, () -> inTenant(tenantId, () -> findById(id).invoke(job -> {
      if (job != null) {
        job.total = total;
      }
    })).replaceWithVoid());
  }

  private static void blocking(UUID id, Supplier<Uni<Void>> work) {
    try {
      VertxContextSupport.subscribeAndAwait(work::get);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("cannot record the progress of job " + id, t);
    }
  }

  public Uni<Optional<Job>> find(UUID tenantId, UUID id) {
    return inTenant(tenantId, () -> findById(id)).map(j -> Optional.ofNullable(j).map(JobRepository::view));
  }

  @SuppressWarnings("unchecked")
  private static Job view(JobEntity j) {
    List<Map<String, Object>> errors;
    try {
      var node = JsonBodies.MAPPER.readTree(j.errorsJson);
      // Jobs written before the ?::text::jsonb fix hold the array as a JSON string.
      errors = JsonBodies.MAPPER.readValue(node.isTextual() ? node.asText() : node.toString(), List.class);
    } catch (Exception e) {
      errors = List.of();
    }
    return new Job(j.id, j.kind, j.status, j.processed, j.total, j.accepted, j.rejected, errors,
        j.createdAt == null ? null : j.createdAt.toInstant(), j.updatedAt.toInstant(),
        j.finishedAt == null ? null : j.finishedAt.toInstant());
  }

  /** {@code work} in one transaction bound to the tenant (row-level security). */
  private static <T> Uni<T> inTenant(UUID tenantId, Supplier<Uni<T>> work) {
    return Panache.withTransaction(() -> Panache.getSession()
        .chain(s -> s.createNativeQuery("SELECT set_config('kindred.tenant_id', :tenant, true)")
            .setParameter("tenant", tenantId.toString()).getSingleResult())
        .chain(bound -> work.get()));
  }
}
