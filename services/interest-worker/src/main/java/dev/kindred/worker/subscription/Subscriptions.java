package dev.kindred.worker.subscription;

import dev.kindred.eventstore.subscription.SubscriptionRunner;
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
      ExploreArmsProjection exploreArms, CoVisitProjection coVisits, ErasureProjection erasures) {
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
    int p = worker.partitions();
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

  void stop(@Observes ShutdownEvent event) {
    runners.forEach(SubscriptionRunner::close);
  }

  public List<SubscriptionRunner<?>> runners() {
    return runners;
  }
}
