package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.KindredEvent;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The train-ranker job on logged impressions and attributed clicks in the real event store. */
@QuarkusTest
class RankerTrainingTest {

  private static final int NOVELTY = List.of(FeedRanker.FEATURES).indexOf("novelty");

  @Inject Pool pool;

  /** {@code n} home-feed impressions of ten items each; the user clicks the item most novel to them. */
  private void impressions(UUID tenant, int n) {
    Random r = new Random(5);
    List<KindredEvent> events = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      String rid = "rec-" + q;
      List<String> items = new ArrayList<>();
      List<List<Float>> rows = new ArrayList<>();
      int best = 0;
      for (int i = 0; i < 10; i++) {
        items.add("item-" + r.nextInt(500));
        List<Float> row = new ArrayList<>();
        for (int j = 0; j < FeedRanker.FEATURES.length; j++) {
          row.add(r.nextFloat());
        }
        rows.add(row);
        if (row.get(NOVELTY) > rows.get(best).get(NOVELTY)) {
          best = i;
        }
      }
      events.add(new ImpressionLogged(rid, "home", items, items.stream().map(i -> "interest/1").toList(),
          List.of(FeedRanker.FEATURES), rows, "weighted-score@1"));
      events.add(new ItemClicked(items.get(best), null, rid, null));
    }
    TestEvents.append(pool, tenant, "shopper", Instant.now().minusSeconds(3600), events.toArray(KindredEvent[]::new));
  }

  private UUID queue(UUID tenant) {
    UUID job = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'train-ranker', 'PENDING', '{}')")
        .execute(Tuple.of(job, tenant))).await().indefinitely();
    awaitTrue(() -> "COMPLETED".equals(job(tenant, job).getString("status")), "the training job done");
    return job;
  }

  private Row job(UUID tenant, UUID job) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT status, errors::text AS errors FROM jobs WHERE id = $1")
        .execute(Tuple.of(job))).await().indefinitely().iterator().next();
  }

  private List<Row> models(UUID tenant) {
    List<Row> out = new ArrayList<>();
    TenantTx.run(pool, tenant, c -> c.query(
            "SELECT version, promoted, ndcg, baseline_ndcg, baseline, feature_names, train_requests FROM ranker_models ORDER BY version")
        .execute()).await().indefinitely().forEach(out::add);
    return out;
  }

  @Test
  void aRankerLearnedFromClicksIsStoredAndPromotedWhenItValidatesBetterThanTheWeightedScore() {
    UUID tenant = TestTenants.create(pool).id();
    impressions(tenant, 150);
    queue(tenant);
    List<Row> models = models(tenant);
    assertThat(models).hasSize(1);
    Row v1 = models.get(0);
    assertThat(v1.getBoolean("promoted")).isTrue();
    assertThat(v1.getString("baseline")).isEqualTo("weighted-score@1");
    assertThat(v1.getDouble("ndcg")).isGreaterThan(v1.getDouble("baseline_ndcg") + 0.1);
    assertThat(v1.getInteger("train_requests")).isEqualTo(120);
    assertThat(v1.getArrayOfStrings("feature_names")).containsExactly(FeedRanker.FEATURES);
    // Promoted → published for Triton's FIL backend too (ranker-backend=triton in tests): the same
    // bytes, a config pinning version 1. No Triton answers here, which must not undo the promotion.
    java.nio.file.Path published = java.nio.file.Path.of("target/triton-model-repository",
        dev.kindred.inference.triton.TritonModelRepository.modelName(tenant));
    assertThat(published.resolve("1/xgboost.json")).exists();
    try {
      assertThat(java.nio.file.Files.readString(published.resolve("config.pbtxt"))).contains("versions: [ 1 ]")
          .contains("dims: [ " + FeedRanker.FEATURES.length + " ]");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    // Trained again on the same data, the new model is judged against the promoted one; whatever
    // the verdict, exactly one model serves.
    queue(tenant);
    models = models(tenant);
    assertThat(models).hasSize(2);
    assertThat(models.stream().filter(m -> m.getBoolean("promoted")).count()).isEqualTo(1);
    assertThat(models.get(1).getString("baseline")).startsWith("lambdamart@");
  }

  @Test
  void tooFewEngagedImpressionsTrainNothingAndSaySo() {
    UUID tenant = TestTenants.create(pool).id();
    impressions(tenant, 5);
    UUID job = queue(tenant);
    assertThat(job(tenant, job).getString("errors")).contains("not trained: 5 impressions with an engagement, 30 needed");
    assertThat(models(tenant)).isEmpty();
  }
}
