package dev.kindred.worker.subscription;

import dev.kindred.eventstore.subscription.SubscriptionRunner;
import dev.kindred.worker.config.DbConnectOptions;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.embedding.projection.ItemEmbeddingProjection;
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

  public Subscriptions(Pool pool, Vertx vertx, Config config, WorkerConfig worker,
      ItemEmbeddingProjection itemEmbeddings) {
    this.pool = pool;
    this.vertx = vertx;
    this.config = config;
    this.worker = worker;
    this.itemEmbeddings = itemEmbeddings;
  }

  void start(@Observes StartupEvent event) {
    runners.add(new SubscriptionRunner<>(ItemEmbeddingProjection.NAME, ItemEmbeddingProjection.TYPES,
        Math.min(worker.batchSize(), 128), Duration.ofMillis(worker.pollMs()), itemEmbeddings, pool, vertx,
        DbConnectOptions.app(config)).start());
  }

  void stop(@Observes ShutdownEvent event) {
    runners.forEach(SubscriptionRunner::close);
  }

  public List<SubscriptionRunner<?>> runners() {
    return runners;
  }
}
