package dev.kindred.worker.interest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.eventstore.log.KafkaLogConfig;
import dev.kindred.eventstore.log.LogArchive;
import dev.kindred.eventstore.log.LogOffsets;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.Position;
import dev.kindred.eventstore.subscription.SubscriptionStore;
import dev.kindred.eventstore.EventQueries;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.EventLogs;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.interest.projection.InterestPartition;
import dev.kindred.worker.interest.projection.InterestProjector;
import dev.kindred.worker.interest.repository.ProfileTables;
import dev.kindred.worker.jobs.JobLoop;
import dev.kindred.eventstore.serving.ServingFact;
import dev.kindred.eventstore.serving.ServingProjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs queued {@code replay} jobs ({@code bin/kindred replay}): rebuilds one tenant's interest
 * profiles from the event log — with today's model, weights and thresholds — into the build
 * tables, through the same projector as the live subscription, while serving keeps reading the
 * live profiles. Then swaps them in, in one transaction: it takes the tenant's profile generation
 * exclusively (live batches of this tenant wait), catches up to where the live subscriptions
 * stand, replaces the live rows with the built ones and bumps the generation, so a live batch
 * prepared from the old rows is prepared again. Live events after the swap apply on the rebuilt
 * profiles; those the replay already applied are skipped by each profile's stored position.
 * {@code {"from": seq}}: only events from that sequence on are replayed.
 */
@ApplicationScoped
public class ProfileReplay {

  public static final String KIND = "replay";
  private static final Logger LOG = Logger.getLogger(ProfileReplay.class);
  private static final Duration DB = Duration.ofSeconds(60);
  private static final int BATCH = 500;
  private final Pool pool;
  private final InterestProjector projector;
  private final WorkerConfig config;
  private final SubscriptionStore store = new SubscriptionStore();
  private JobLoop jobs;

  private final Optional<KafkaLogConfig> kafka;

  public ProfileReplay(Pool pool, InterestProjector projector, WorkerConfig config, EventLogs logs) {
    this.kafka = logs.kafka();
    this.pool = pool;
    this.projector = projector;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
  }

  /** Where the build stands: the log position read up to, and how many of the tenant's events it applied. */
  private static final class Build {
    Position position = Position.START;
    long applied;
  }

  void run(UUID jobId, UUID tenant, JsonNode params, JobLoop.Progress progress) {
    long from = params.path("from").asLong(0);
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO profile_generations (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING").execute(Tuple.of(tenant))
        .chain(() -> c.preparedQuery("DELETE FROM interest_clusters_build WHERE tenant_id = $1").execute(Tuple.of(tenant)))
        .chain(() -> c.preparedQuery("DELETE FROM interest_profiles_build WHERE tenant_id = $1").execute(Tuple.of(tenant))))
        .await().atMost(DB);
    long total = TenantTx.run(pool, tenant, c -> EventQueries.countSince(c, tenant, InterestPartition.TYPES, from))
        .await().atMost(DB);
    progress.report(0, total, "RUNNING", null);
    Build build = new Build();
    catchUp(tenant, from, build, null, progress, total);
    swap(tenant, from, build, progress, total);
    progress.report(build.applied, Math.max(total, build.applied), "COMPLETED", null);
    LOG.infof("replay %s: tenant %s rebuilt from %d events and swapped in", jobId, tenant, build.applied);
  }

  /** Applies the tenant's events after the build's position until the log (or {@code upTo}) is reached. */
  private void catchUp(UUID tenant, long from, Build build, Position upTo, JobLoop.Progress progress, long total) {
    while (!jobs.stopped()) {
      SubscriptionStore.Batch batch = store.read(pool, build.position, InterestPartition.TYPES, BATCH).await().atMost(DB);
      if (batch.end() == null) {
        if (upTo == null || build.position.compareTo(upTo) >= 0) {
          return;
        }
        sleep();
        continue;
      }
      List<Delivered> mine = new ArrayList<>();
      for (Delivered d : batch.events()) {
        if (d.envelope().tenantId().equals(tenant) && d.envelope().seq() >= from && dev.kindred.events.EventEnvelope.userStream(d.envelope().streamKey())) {
          mine.add(d);
        }
      }
      if (!mine.isEmpty()) {
        var writes = projector.prepare(mine, ProfileTables.BUILD, java.util.Map.of());
        // The serving read model is rebuilt on the way: its merges go by sequence number, so applying the
        // log again commutes with what live appends write meanwhile (a merge, not a swap).
        List<ServingProjection.Row> serving = new ArrayList<>();
        for (Delivered d : mine) {
          var e = d.envelope();
          serving.add(new ServingProjection.Row(e.tenantId(), e.streamKey(), e.itemId(), e.event().type().storedName(),
              e.occurredAt().atOffset(java.time.ZoneOffset.UTC), e.seq(), ServingFact.of(e.event())));
        }
        pool.withTransaction(tx -> projector.apply(tx, writes, ProfileTables.BUILD)
            .chain(() -> TenantTx.bind(tx, tenant)).chain(() -> ServingProjection.apply(tx, serving))).await().atMost(DB);
      }
      build.position = batch.end();
      build.applied += mine.size();
      progress.report(build.applied, Math.max(total, build.applied), "RUNNING", null);
      if (upTo != null && build.position.compareTo(upTo) >= 0) {
        return;
      }
    }
    throw new IllegalStateException("the worker stopped during the replay; queue it again");
  }

  private void swap(UUID tenant, long from, Build build, JobLoop.Progress progress, long total) {
    SqlConnection c = pool.getConnection().await().atMost(DB);
    Transaction tx = c.begin().await().atMost(DB);
    try {
      TenantTx.bind(c, tenant).await().atMost(DB);
      // From here until commit no live batch of this tenant can write (they wait on this row).
      c.preparedQuery("UPDATE profile_generations SET generation = generation + 1, swapped_at = now() WHERE tenant_id = $1")
          .execute(Tuple.of(tenant)).await().atMost(DB);
      Position live = kafka.isPresent() ? archivedLive(kafka.get().topic()) : liveCheckpoint(c);
      catchUp(tenant, from, build, live, progress, total);
      for (String sql : List.of(
          "DELETE FROM interest_clusters WHERE tenant_id = $1",
          "DELETE FROM interest_profiles WHERE tenant_id = $1",
          "INSERT INTO interest_profiles SELECT * FROM interest_profiles_build WHERE tenant_id = $1",
          "INSERT INTO interest_clusters SELECT * FROM interest_clusters_build WHERE tenant_id = $1",
          "DELETE FROM interest_clusters_build WHERE tenant_id = $1",
          "DELETE FROM interest_profiles_build WHERE tenant_id = $1",
          // Every swapped-in profile gets its candidate lists computed again; users gone lose theirs.
          "DELETE FROM user_candidates c WHERE c.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM interest_profiles p"
              + " WHERE p.tenant_id = $1 AND p.user_id = c.user_id)",
          "INSERT INTO candidates_dirty (tenant_id, user_id) SELECT tenant_id, user_id FROM interest_profiles"
              + " WHERE tenant_id = $1 ON CONFLICT DO NOTHING")) {
        c.preparedQuery(sql).execute(Tuple.of(tenant)).await().atMost(DB);
      }
      tx.commit().await().atMost(DB);
    } catch (RuntimeException e) {
      tx.rollback().await().atMost(DB);
      throw e;
    } finally {
      c.close().await().atMost(DB);
    }
  }

  /**
   * kindred.eventlog=kafka: the live profiles follow the topic, the replay reads the archive. Waits
   * until the archive holds everything the interest-profile group applied (per partition, the archive
   * group's offset at or past it; live batches of this tenant are paused by the generation lock), then
   * lets the build catch up to the end of the archive (null: read until nothing is left).
   */
  private Position archivedLive(String topic) {
    long deadline = System.currentTimeMillis() + DB.toMillis();
    while (true) {
      var live = LogOffsets.of(pool, InterestPartition.GROUP, topic);
      var archived = LogOffsets.of(pool, LogArchive.GROUP, topic);
      if (live.entrySet().stream().allMatch(e -> archived.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
        return null;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the event archive did not catch up with the live interest profiles within "
            + DB.toSeconds() + " s; the replay is not swapped in (queue it again)");
      }
      sleep();
    }
  }

  /** The furthest position any live interest-profile partition has applied (they are paused for this tenant). */
  private Position liveCheckpoint(SqlConnection c) {
    int p = config.partitions();
    String[] names = new String[p];
    for (int i = 0; i < p; i++) {
      names[i] = InterestPartition.name(i, p);
    }
    Position max = Position.START;
    for (Row r : c.preparedQuery("SELECT last_tx_id::text AS tx, last_seq FROM subscription_checkpoints WHERE name = ANY ($1)")
        .execute(Tuple.of((Object) names)).await().atMost(DB)) {
      Position at = new Position(Long.parseUnsignedLong(r.getString("tx")), r.getLong("last_seq"));
      if (at.compareTo(max) > 0) {
        max = at;
      }
    }
    return max;
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
