package dev.kindred.inference.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.InferenceConfig;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.Rankers;
import dev.kindred.inference.TestModels;
import dev.kindred.inference.embedded.XGBoostRanker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing a tenant's promoted ranker to a Triton model repository (FIL layout, one pinned
 * version, loaded through the repository extension) and scoring through it with the in-process
 * model behind — against the KServe protocol test double, not a real Triton (none runs here).
 */
class TritonModelRepositoryTest {

  private static final String[] FEATURES = {"similarity", "popularity", "recency"};

  @Test
  void aPromotedModelIsWrittenInFilLayoutPinnedLoadedAndServed(@TempDir Path repo) throws Exception {
    byte[] model = RankerTest.trainedModel();
    UUID tenant = UUID.fromString("6f1c8e1a-0000-4000-8000-00000000abcd");
    String name = TritonModelRepository.modelName(tenant);
    assertThat(name).isEqualTo("ranker-6f1c8e1a000040008000" + "00000000abcd");
    try (XGBoostRanker local = new XGBoostRanker("lambdamart-v3", model);
         KServeProtocolTestDouble server = new KServeProtocolTestDouble(TestModels.embedded())) {
      new TritonModelRepository(repo, server.url()).publish(name, 3, model, FEATURES.length, local.modelId());

      assertThat(Files.readAllBytes(repo.resolve(name).resolve("3").resolve("xgboost.json"))).isEqualTo(model);
      String config = Files.readString(repo.resolve(name).resolve("config.pbtxt"));
      assertThat(config).contains("name: \"" + name + "\"").contains("backend: \"fil\"")
          .contains("versions: [ 3 ]").contains("dims: [ 3 ]").contains("xgboost_json")
          .contains(local.modelId().key());
      assertThat(server.loaded).containsExactly(name);

      // A rollback publishes an older version: the config now pins that one.
      new TritonModelRepository(repo, server.url()).publish(name, 2, model, FEATURES.length, local.modelId());
      assertThat(Files.readString(repo.resolve(name).resolve("config.pbtxt"))).contains("versions: [ 2 ]");

      InferenceConfig triton = InferenceConfig.from(k -> Optional.ofNullable(Map.of(
          "kindred.inference.ranker-backend", "triton", "kindred.inference.triton.url", server.url().toString(),
          "kindred.inference.triton.retries", "0").get(k)));
      assertThat(triton.backend()).isEqualTo("embedded");   // embeddings stay where they were
      server.ranker = local;
      Ranker served = Rankers.inFront(triton, local, name);
      FeatureMatrix m = new FeatureMatrix(FEATURES, 2, new float[] {0.9f, 0.8f, 0.1f, 0.1f, 0.2f, 0.3f});
      assertThat(served.score(m)).containsExactly(local.score(m));
      assertThat(server.rankRequests.get()).isEqualTo(1);
      server.ranker = null;   // Triton lost the model: the in-process booster answers
      assertThat(served.score(m)).containsExactly(local.score(m));

      InferenceConfig embedded = InferenceConfig.from(k -> Optional.empty());
      assertThat(Rankers.inFront(embedded, local, name)).isSameAs(local);
    }
  }

  @Test
  void aTritonThatRefusesOrIsAbsentIsReportedNotSwallowed(@TempDir Path repo) throws Exception {
    byte[] model = RankerTest.trainedModel();
    try (XGBoostRanker local = new XGBoostRanker("lambdamart-v1", model)) {
      TritonModelRepository nowhere = new TritonModelRepository(repo, java.net.URI.create("http://127.0.0.1:9"));
      assertThatThrownBy(() -> nowhere.publish("ranker-x", 1, model, 3, local.modelId()))
          .isInstanceOf(InferenceException.class).hasMessageContaining("cannot be reached");
      // The files are in place for a Triton that polls the repository.
      assertThat(repo.resolve("ranker-x/1/xgboost.json")).exists();
    }
  }
}
