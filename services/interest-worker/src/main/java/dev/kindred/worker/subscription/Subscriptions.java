package dev.kindred.worker.subscription;

import dev.kindred.eventstore.log.KafkaLogConfig;
import dev.kindred.eventstore.log.LogArchive;
import dev.kindred.eventstore.log.LogConsumer;
import dev.kindred.eventstore.log.LogHandler;
import dev.kindred.eventstore.subscription.SubscriptionRunner;
import dev.kindred.web.EventLogs;
import dev.kindred.inference.EmbeddingModel;
import dev.kindred.worker.config.DbConnectOptions;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.covisit.CoVisitProjection;
import dev.kindred.worker.embedding.projection.ItemEmbeddingProjection;
import dev.kindred.worker.explore.ExploreArmsProjection;
import dev.kindred.worker.interest.projection.InterestPartition;
import dev.kindred.worker.interest.projection.InterestProjector;
import dev.kindred.worker.privacy.ErasureProjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** Starts every checkpointed subscription of this worker and stops them on shutdown. */
@ApplicationScoped
public class Subscriptions {

  private final List<SubscriptionRunner<?>> runners = new ArrayList<>();
  private final List<LogConsumer<?>> consumers = new ArrayList<>();
  private final EventLogs eventLogs;
  private final Pool pool;
  private final Vertx vertx;
  private final Config config;
  private final WorkerConfig worker;
  private final ItemEmbeddingProjection itemEmbeddings;
  private final InterestProjector interests;
  private final EmbeddingModel model;
  private final ExploreArmsProjection exploreArms;
  private final CoVisitProjection coVisits;
  private final ErasureProjection erasures;

  public Subscriptions(Pool pool, Vertx vertx, Config config, WorkerConfig worker,
      ItemEmbeddingProjection itemEmbeddings, InterestProjector interests, EmbeddingModel model,
      ExploreArmsProjection exploreArms, CoVisitProjection coVisits, ErasureProjection erasures, EventLogs eventLogs) {
    this.eventLogs = eventLogs;
    this.erasures = erasures;
    this.exploreArms = exploreArms;
    this.coVisits = coVisits;
    this.pool = pool;
    this.vertx = vertx;
    this.config = config;
    this.worker = worker;
    this.itemEmbeddings = itemEmbeddings;
    this.interests = interests;
    this.model = model;
  }

  void start(@Observes StartupEvent event) {
    // Load the model now, on this thread: never lazily inside a database callback on an event loop.
    model.modelId();
    runners.add(new SubscriptionRunner<>(ItemEmbeddingProjection.NAME, ItemEmbeddingProjection.TYPES,
        Math.min(worker.batchSize(), 128), Duration.ofMillis(worker.pollMs()), itemEmbeddings, pool, vertx,
        DbConnectOptions.app(config)).start());
    int p = eventLogs.kafka().isPresent() ? 0 : worker.partitions();
    eventLogs.kafka().ifPresent(this::startConsumers);
    for (int i = 0; i < p; i++) {
      runners.add(new SubscriptionRunner<>(InterestPartition.name(i, p), InterestPartition.TYPES, worker.batchSize(),
          Duration.ofMillis(worker.pollMs()), new InterestPartition(i, p, interests), pool, vertx,
          DbConnectOptions.app(config)).start());
    }
    // Last, so that runners 1..P stay the interest partitions.
    runners.add(new SubscriptionRunner<>(ExploreArmsProjection.NAME, ExploreArmsProjection.TYPES, worker.batchSize(),
        Duration.ofMillis(worker.pollMs()), exploreArms, pool, vertx, DbConnectOptions.app(config)).start());
    runners.add(new SubscriptionRunner<>(CoVisitProjection.NAME, CoVisitProjection.TYPES, worker.batchSize(),
        Duration.ofMillis(worker.pollMs()), coVisits, pool, vertx, DbConnectOptions.app(config)).start());
    // Small batches: each erasure is a transaction of its own weight, and its clock runs from the request.
    runners.add(new SubscriptionRunner<>(ErasureProjection.NAME, ErasureProjection.TYPES, 16,
        Duration.ofMillis(worker.pollMs()), erasures, pool, vertx, DbConnectOptions.app(config)).start());
  }

  /**
   * kindred.eventlog=kafka: end-users' events arrive on the topic. This worker joins two consumer
   * groups — the archive (topic → events table, which the other subscriptions and serving read) and
   * the interest profiles (topic → profiles) — and Kafka spreads the partitions over every worker
   * in them. The PostgreSQL interest partitions are not started: the topic is their source now.
   */
  private void startConsumers(KafkaLogConfig kafka) {
    String member = ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    consumers.add(new LogConsumer<>(LogArchive.GROUP, member, kafka, null, worker.batchSize() * 2,
        LogArchive.handler(), pool).start());
    consumers.add(new LogConsumer<>(InterestPartition.GROUP, member, kafka, InterestPartition.TYPES, worker.batchSize(),
        LogHandler.of(new InterestPartition(0, 1, interests)), pool).start());
  }

  void stop(@Observes ShutdownEvent event) {
    consumers.forEach(LogConsumer::close);
    runners.forEach(SubscriptionRunner::close);
  }

  /**
   * Whether an interest-profile partition of this worker is working through a backlog or applied
   * events within the last second (PostgreSQL log).
   */
  public boolean interestsBusy() {
    return runners.stream().anyMatch(r -> r.name().startsWith("interest-profiles/") && r.busy());
  }

  /** The Kafka consumer group members of this worker (empty with kindred.eventlog=postgres). */
  public List<LogConsumer<?>> consumers() {
    return consumers;
  }

  public List<SubscriptionRunner<?>> runners() {
    return runners;
  }
}
