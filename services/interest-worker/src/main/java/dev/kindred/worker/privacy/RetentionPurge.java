package dev.kindred.worker.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.interest.service.ProfileReplay;
import dev.kindred.worker.jobs.JobLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Retention ({@code retention} jobs, queued for every tenant every
 * {@code kindred.worker.retention-interval-minutes} and by {@code bin/kindred purge}): behaviour
 * that occurred more than the tenant's {@code retentionDays} ago is deleted from the log
 * ({@code purge_expired_events}, V16; consent records and the tenant's own streams stay), users
 * left with nothing lose their key, the purge is written to the audit log, and a {@code replay}
 * job re-derives the tenant's interest profiles from what remains.
 */
@ApplicationScoped
public class RetentionPurge {

  public static final String KIND = "retention";
  private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
  private static final Duration DB = Duration.ofSeconds(120);
  private final Pool pool;
  private final WorkerConfig config;
  private final TenantRepository tenants = new TenantRepository();
  private JobLoop jobs;
  private Thread scheduler;

  public RetentionPurge(Pool pool, WorkerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
    long minutes = config.retentionIntervalMinutes();
    if (minutes > 0) {
      scheduler = dev.kindred.worker.jobs.JobSchedule.start("retention-schedule", pool, Duration.ofMinutes(minutes),
          List.of(KIND), false);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
    if (scheduler != null) {
      scheduler.interrupt();
    }
  }

  void run(UUID jobId, UUID tenant, JsonNode params, JobLoop.Progress progress) {
    int days = TenantTx.run(pool, tenant, c -> tenants.settings(c, tenant)).await().atMost(DB).retentionDays();
    Instant cutoff = Instant.now().minus(days, ChronoUnit.DAYS);
    progress.report(0, 1, "RUNNING", null);
    Row purged = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT events, users FROM purge_expired_events($1)")
        .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
        .chain(rows -> {
          Row r = rows.iterator().next();
          UUID replay = r.getLong("events") > 0 ? UUID.randomUUID() : null;
          String detail = "{\"retentionDays\": %d, \"cutoff\": \"%s\", \"events\": %d, \"users\": %d, \"replayJob\": %s}"
              .formatted(days, cutoff, r.getLong("events"), r.getLong("users"), replay == null ? "null" : "\"" + replay + "\"");
          return AuditLog.record(c, tenant, "worker:retention", "retention.purge", null, detail)
              .chain(() -> replay == null ? io.smallrye.mutiny.Uni.createFrom().voidItem()
                  : queue(c, replay, tenant, ProfileReplay.KIND))
              .replaceWith(r);
        })).await().atMost(DB);
    long events = purged.getLong("events");
    progress.report(events, events, "COMPLETED", null);
    if (events > 0) {
      LOG.infof("tenant %s: retention (%d days) deleted %d events, %d users left with nothing; profiles re-derived by a replay",
          tenant, days, events, purged.getLong("users"));
    }
  }

  private static io.smallrye.mutiny.Uni<Void> queue(io.vertx.mutiny.sqlclient.SqlConnection c, UUID id, UUID tenant, String kind) {
    return c.preparedQuery("INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, $3, 'PENDING', '{}')")
        .execute(Tuple.of(id, tenant, kind)).replaceWithVoid();
  }
}
