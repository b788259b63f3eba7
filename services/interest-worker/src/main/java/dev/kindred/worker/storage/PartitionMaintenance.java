package dev.kindred.worker.storage;

import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.interest.service.ProfileReplay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps the event log's monthly partitions ahead of the calendar, moves rows that landed in the
 * default partition into partitions of their own, and drops a past partition whole when it holds
 * only behaviour that retention would delete anyway ({@code maintain_event_partitions}, V25). Runs
 * at start-up and every {@code kindred.worker.partition-interval-minutes}; the time is a parameter
 * ({@link #runAt}) so the calendar can be run forward in a test.
 */
@ApplicationScoped
public class PartitionMaintenance {

  /** One action the database function took on one partition. */
  public record Action(String action, String partition, long rows, List<UUID> tenants) {
  }

  private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
  private static final Duration DB = Duration.ofMinutes(10);
  private final Pool pool;
  private final WorkerConfig config;
  private Thread schedule;

  public PartitionMaintenance(Pool pool, WorkerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    long minutes = config.partitionIntervalMinutes();
    if (minutes <= 0) {
      return;
    }
    schedule = dev.kindred.worker.jobs.Periodic.every("partition-maintenance", LOG, Duration.ofMinutes(minutes),
        () -> runAt(Instant.now()));
  }

  void stop(@Observes ShutdownEvent event) {
    if (schedule != null) {
      schedule.interrupt();
    }
  }

  /**
   * One round as if the clock read {@code now}: partitions created and moved, expired ones dropped;
   * each tenant whose rows were dropped gets an audit entry and a replay job, as a row purge would.
   */
  public List<Action> runAt(Instant now) {
    List<Action> actions = new ArrayList<>();
    pool.withTransaction(c -> c.preparedQuery(
            "SELECT action, partition_name, row_count, tenant_ids FROM maintain_event_partitions($1, $2)")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), config.partitionMonthsAhead()))
        .invoke(rows -> rows.forEach(r -> actions.add(toAction(r))))).await().atMost(DB);
    for (Action a : actions) {
      LOG.infof("event partitions: %s %s (%d rows)", a.action(), a.partition(), a.rows());
      for (UUID tenant : a.tenants()) {
        TenantTx.run(pool, tenant, c -> recordDrop(c, tenant, a)).await().atMost(DB);
      }
    }
    return actions;
  }

  private static Action toAction(Row r) {
    UUID[] tenants = r.getArrayOfUUIDs("tenant_ids");
    return new Action(r.getString("action"), r.getString("partition_name"), r.getLong("row_count"),
        tenants == null ? List.of() : List.of(tenants));
  }

  private static Uni<Void> recordDrop(SqlConnection c, UUID tenant, Action a) {
    String detail = "{\"partition\": \"%s\", \"rows\": %d}".formatted(a.partition(), a.rows());
    return AuditLog.record(c, tenant, "worker:partitions", "retention.partition_dropped", null, detail)
        .chain(() -> c.preparedQuery("INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, $3, 'PENDING', '{}')")
            .execute(Tuple.of(UUID.randomUUID(), tenant, ProfileReplay.KIND)))
        .replaceWithVoid();
  }
}
