package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;
import dev.kindred.recsys.sequence.SasRec;
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

/** The train-sequence job on users' views in the real event store: trained, judged, promoted only when better. */
@QuarkusTest
class SequenceTrainingTest {

  /** Small and quick: the cycle below is learnt in a few seconds. */
  private static final String FAST = "\"dim\": 16, \"maxLength\": 10, \"negatives\": 0, \"maxEpochs\": 60, "
      + "\"evalEvery\": 5, \"learningRate\": 0.01";

  @Inject Pool pool;

  /** {@code users} users each view a walk along a cycle of 12 items from a random start. */
  private void walks(UUID tenant, int users) {
    Random r = new Random(3);
    for (int u = 0; u < users; u++) {
      int start = r.nextInt(12);
      int length = 5 + r.nextInt(4);
      List<KindredEvent> events = new ArrayList<>();
      for (int t = 0; t < length; t++) {
        events.add(new ItemViewed("cyc-" + (start + t) % 12, null, null, null, null));
      }
      TestEvents.append(pool, tenant, "walker-" + u, Instant.now().minusSeconds(3600), events.toArray(KindredEvent[]::new));
    }
  }

  private UUID queue(UUID tenant, String params) {
    UUID job = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'train-sequence', 'PENDING', $3::text::jsonb)")
        .execute(Tuple.of(job, tenant, "{" + params + "}"))).await().indefinitely();
    awaitTrue(() -> "COMPLETED".equals(job(tenant, job).getString("status")), "the training job done");
    return job;
  }

  private Row job(UUID tenant, UUID job) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT status, processed, total, detail, errors::text AS errors FROM jobs WHERE id = $1")
        .execute(Tuple.of(job))).await().indefinitely().iterator().next();
  }

  private List<Row> models(UUID tenant) {
    List<Row> out = new ArrayList<>();
    TenantTx.run(pool, tenant, c -> c.query("""
            SELECT version, promoted, ndcg, baseline_ndcg, baseline, users, positions, epochs, train_ms, item_ids, model
            FROM sequence_models ORDER BY version""").execute()).await().indefinitely().forEach(out::add);
    return out;
  }

  @Test
  void aModelThatValidatesWorseThanTheServingOneIsStoredButNotPromoted() {
    UUID tenant = TestTenants.create(pool).id();
    walks(tenant, 60);
    UUID first = queue(tenant, FAST);
    List<Row> models = models(tenant);
    assertThat(models).hasSize(1);
    Row v1 = models.get(0);
    assertThat(v1.getBoolean("promoted")).isTrue();
    assertThat(v1.getString("baseline")).isEqualTo("popularity");
    assertThat(v1.getDouble("ndcg")).isGreaterThan(0.9).isGreaterThan(v1.getDouble("baseline_ndcg") + 0.3);
    assertThat(v1.getInteger("users")).isEqualTo(60);
    assertThat(v1.getArrayOfStrings("item_ids")).hasSize(12);
    assertThat(job(tenant, first).getLong("processed")).isEqualTo(v1.getInteger("epochs").longValue());
    assertThat(job(tenant, first).getString("detail")).startsWith("v1: kept epoch").endsWith("(popularity) — promoted");
    // What is stored is the model itself: among items not yet seen, it scores the cycle's next item first.
    SasRec model = SasRec.fromBytes(v1.getBuffer("model").getBytes());
    List<String> ids = List.of(v1.getArrayOfStrings("item_ids"));
    int[] history = {ids.indexOf("cyc-3"), ids.indexOf("cyc-4"), ids.indexOf("cyc-5")};
    float[] scores = model.scores(history);
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      int item = i;
      boolean seen = java.util.Arrays.stream(history).anyMatch(h -> h == item);
      best = !seen && (best < 0 || scores[i] > scores[best]) ? i : best;
    }
    assertThat(ids.get(best)).isEqualTo("cyc-6");
    // Promoted → its ONNX export is in Triton's model repository (configured in tests; no Triton
    // answers here, which does not undo the promotion), and ONNX Runtime scores it as the model does.
    java.nio.file.Path published = java.nio.file.Path.of("target/triton-model-repository",
        dev.kindred.inference.triton.TritonModelRepository.sequenceModelName(tenant));
    try {
      assertThat(java.nio.file.Files.readString(published.resolve("config.pbtxt"))).contains("versions: [ 1 ]")
          .contains("backend: \"onnxruntime\"").contains("dims: [ 12 ]");
      ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
      try (ai.onnxruntime.OrtSession session = env.createSession(published.resolve("1/model.onnx").toString());
           ai.onnxruntime.OnnxTensor in = ai.onnxruntime.OnnxTensor.createTensor(env,
               java.util.Arrays.stream(history).asLongStream().toArray());
           ai.onnxruntime.OrtSession.Result out = session.run(java.util.Map.of("history", in))) {
        assertThat((float[]) out.get(0).getValue()).containsExactly(scores, org.assertj.core.data.Offset.offset(1e-3f));
      }
    } catch (java.io.IOException | ai.onnxruntime.OrtException e) {
      throw new AssertionError(e);
    }

    // An untrained model (learning rate 0) is judged against v1 on the same held-out items: stored, not promoted.
    queue(tenant, FAST.replace("\"learningRate\": 0.01", "\"learningRate\": 0"));
    models = models(tenant);
    assertThat(models).hasSize(2);
    Row v2 = models.get(1);
    assertThat(v2.getBoolean("promoted")).isFalse();
    assertThat(v2.getString("baseline")).isEqualTo("sequence-v1");
    assertThat(v2.getDouble("ndcg")).isLessThan(v2.getDouble("baseline_ndcg"));
    assertThat(models.get(0).getBoolean("promoted")).isTrue();
  }

  @Test
  void tooFewUsersTrainNothingAndSaySo() {
    UUID tenant = TestTenants.create(pool).id();
    walks(tenant, 5);
    UUID job = queue(tenant, FAST);
    assertThat(job(tenant, job).getString("errors")).contains("not trained: 5 users with 3 or more engaged items", "20 needed");
    assertThat(models(tenant)).isEmpty();
  }
}
