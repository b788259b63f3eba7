package dev.kindred.ingest.job.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A long-running job of one tenant (an item import here; embedding backfills are the worker's) and
 * its progress: operational state, not an event-sourced fact, so it is an ordinary entity. The
 * {@code jobs} table is tenant-bound by row-level security like every tenant table.
 */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {

  @Id
  public UUID id;

  @Column(name = "tenant_id", nullable = false, updatable = false)
  public UUID tenantId;

  @Column(nullable = false, updatable = false)
  public String kind;

  /** {@code RUNNING}, {@code COMPLETED} or {@code FAILED}. */
  @Column(nullable = false)
  public String status;

  public long processed;

  /** Unknown for a stream import (its size is not known in advance). */
  public Long total;

  public long accepted;

  public long rejected;

  /** The first entries' field errors, as the JSON array the API shows. */
  @Column(name = "errors", nullable = false)
  // ?::text first: the reactive driver binds a String to jsonb as a JSON string, not as the document.
  @ColumnTransformer(read = "errors::text", write = "?::text::jsonb")
  public String errorsJson = "[]";

  @Column(name = "created_at", insertable = false, updatable = false)
  public OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  public OffsetDateTime updatedAt;

  @Column(name = "finished_at")
  public OffsetDateTime finishedAt;
}
