package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.eventstore.subscription.SubscriptionRunner;
import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.Vectors;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.config.DbConnectOptions;
import dev.kindred.worker.embedding.projection.ItemEmbeddingProjection;
import dev.kindred.worker.embedding.service.ItemText;
import dev.kindred.worker.subscription.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ItemEmbeddingProjectionTest {

  @Inject Pool pool;
  @Inject EmbeddingModel model;
  @Inject Subscriptions subscriptions;
  @Inject Vertx vertx;
  @Inject Config config;

  @Test
  void upsertedItemsGetTheirVectorAndNearestNeighboursAreTopical() {
    UUID tenant = TestTenants.create(pool).id();
    TestCatalogue.upsert(pool, tenant,
        TestCatalogue.item("run-1", "Trail running shoes", "Grippy outsole for muddy mountain trails"),
        TestCatalogue.item("cook-1", "Cast iron skillet", "Pre-seasoned pan for searing and baking"),
        TestCatalogue.item("book-1", "Nordic noir thriller", "A detective hunts a killer through Oslo winters"),
        TestCatalogue.item("run-2", "Running socks", "Breathable socks for marathon training"));
    awaitTrue(() -> vectorCount(tenant) == 4, "all four items embedded");

    Row row = itemRow(tenant, "cook-1");
    assertThat(row.getString("embedding_model")).isEqualTo(model.modelId().key());
    float[] stored = Vectors.fromPgVector(row.getString("embedding"));
    float[] expected = model.embed(ItemText.of("Cast iron skillet", List.of(), "Pre-seasoned pan for searing and baking"));
    assertThat(Vectors.cosine(stored, expected)).isGreaterThan(0.99999);

    List<String> nearest = nearest(tenant, model.embed("shoes for jogging in the hills"), 2);
    assertThat(nearest).containsExactly("run-1", "run-2");
  }

  @Test
  void aChangedTextIsReEmbeddedAndReDeliveryChangesNothing() {
    UUID tenant = TestTenants.create(pool).id();
    TestCatalogue.upsert(pool, tenant, TestCatalogue.item("x", "Espresso machine", "Fifteen bar pump"));
    awaitTrue(() -> vectorCount(tenant) == 1, "first text embedded");
    String first = itemRow(tenant, "x").getString("embedding");
    TestCatalogue.upsert(pool, tenant, TestCatalogue.item("x", "Camping tent", "Two person dome tent"));
    awaitTrue(() -> vectorCount(tenant) == 1 && !itemRow(tenant, "x").getString("embedding").equals(first),
        "the new text embedded");
    String second = itemRow(tenant, "x").getString("embedding");
    float[] tentQuery = model.embed("tent for camping");
    assertThat(Vectors.cosine(Vectors.fromPgVector(second), tentQuery))
        .isGreaterThan(Vectors.cosine(Vectors.fromPgVector(first), tentQuery) + 0.2);

    // Replay the whole log into the projection: every event is delivered again.
    SubscriptionRunner<?> runner = subscriptions.runners().get(0);
    long appliedBefore = runner.applied();
    pool.query("UPDATE subscription_checkpoints SET last_tx_id = '0', last_seq = 0 WHERE name = 'item-embeddings'")
        .execute().await().indefinitely();
    // The runner keeps its position in memory; a fresh owner of the lease re-reads from the checkpoint.
    runner.close();
    subscriptions.runners().set(0, new SubscriptionRunner<>(ItemEmbeddingProjection.NAME, ItemEmbeddingProjection.TYPES,
        128, Duration.ofMillis(200), projection(), pool, vertx, DbConnectOptions.app(config)).start());
    SubscriptionRunner<?> fresh = subscriptions.runners().get(0);
    awaitTrue(() -> fresh.applied() > 0 && checkpoint().equals(endOfLog()), "the log re-delivered");
    assertThat(itemRow(tenant, "x").getString("embedding")).isEqualTo(second);
    assertThat(appliedBefore).isPositive();
  }

  @Test
  void aSecondWorkerWaitsWhileTheFirstHoldsTheLease() throws Exception {
    awaitTrue(() -> subscriptions.runners().get(0).holdsLease(), "the service's runner holds the lease");
    try (SubscriptionRunner<?> second = new SubscriptionRunner<>(ItemEmbeddingProjection.NAME,
        ItemEmbeddingProjection.TYPES, 128, Duration.ofMillis(200), projection(), pool, vertx,
        DbConnectOptions.app(config)).start()) {
      UUID tenant = TestTenants.create(pool).id();
      TestCatalogue.upsert(pool, tenant, TestCatalogue.item("y", "Yoga mat", "Non-slip"));
      awaitTrue(() -> vectorCount(tenant) == 1, "embedded by the lease holder");
      Thread.sleep(300);
      assertThat(second.holdsLease()).isFalse();
      assertThat(second.applied()).isZero();
    }
  }

  @Test
  void aQueuedBackfillJobReportsProgressToCompletion() {
    UUID tenant = TestTenants.create(pool).id();
    List<dev.kindred.events.ItemUpserted> items = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      items.add(TestCatalogue.item("b" + i, "Board game number " + i, "Strategy game for " + (i % 6 + 2) + " players"));
    }
    TestCatalogue.upsert(pool, tenant, items.toArray(dev.kindred.events.ItemUpserted[]::new));
    awaitTrue(() -> vectorCount(tenant) == 150, "live projection done");
    UUID job = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery("""
            INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'embed', 'PENDING', '{"force":true}')
            """).execute(Tuple.of(job, tenant))).await().indefinitely();
    awaitTrue(() -> "COMPLETED".equals(job(tenant, job).getString("status")), "the job completed");
    Row done = job(tenant, job);
    assertThat(done.getLong("processed")).isEqualTo(150);
    assertThat(done.getLong("total")).isEqualTo(150);
  }

  private ItemEmbeddingProjection projection() {
    return io.quarkus.arc.Arc.container().instance(ItemEmbeddingProjection.class).get();
  }

  private long vectorCount(UUID tenant) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT count(*) AS n FROM items WHERE embedding IS NOT NULL AND tenant_id = $1").execute(Tuple.of(tenant)))
        .await().indefinitely().iterator().next().getLong("n");
  }

  private Row itemRow(UUID tenant, String id) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT embedding::text AS embedding, embedding_model FROM items WHERE item_id = $1").execute(Tuple.of(id)))
        .await().indefinitely().iterator().next();
  }

  private Row job(UUID tenant, UUID id) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT status, processed, total FROM jobs WHERE id = $1")
        .execute(Tuple.of(id))).await().indefinitely().iterator().next();
  }

  private List<String> nearest(UUID tenant, float[] query, int k) {
    List<String> out = new ArrayList<>();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT item_id FROM items ORDER BY embedding <=> $1::vector LIMIT $2")
        .execute(Tuple.of(Vectors.toPgVector(query), k))).await().indefinitely().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private String checkpoint() {
    return pool.query("SELECT last_tx_id::text || '/' || last_seq FROM subscription_checkpoints WHERE name = 'item-embeddings'")
        .execute().await().indefinitely().iterator().next().getString(0);
  }

  /** The last readable position: asking for no types yields only the end-of-scan marker. */
  private String endOfLog() {
    return pool.query("SELECT tx_id::text || '/' || seq FROM read_subscription_events('0'::xid8, 0, '{}'::text[], 1)")
        .execute().await().indefinitely().iterator().next().getString(0);
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting until " + what);
  }
}
