package dev.kindred.inference.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.inference.FallbackRanker;
import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.TestModels;
import dev.kindred.inference.embedded.XGBoostRanker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/** The in-process XGBoost ranker, and the Triton (FIL) ranker against the protocol test double. */
class RankerTest {

  private static final String[] FEATURES = {"similarity", "popularity", "recency"};

  /** A small model learned here: the score rises with similarity and popularity. */
  static byte[] trainedModel() throws Exception {
    Random r = new Random(3);
    int n = 400;
    float[] x = new float[n * 3];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < 3; f++) {
        x[i * 3 + f] = r.nextFloat();
      }
      y[i] = 2 * x[i * 3] + x[i * 3 + 1] + 0.05f * (float) r.nextGaussian();
    }
    DMatrix train = new DMatrix(x, n, 3, Float.NaN);
    train.setLabel(y);
    Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "max_depth", 3, "eta", 0.3,
        "nthread", 1, "seed", 1));
    Booster booster = XGBoost.train(train, params, 30, Map.of(), null, null);
    return booster.toByteArray("json");
  }

  @Test
  void theInProcessRankerOrdersByWhatItLearnedAndHandlesMissingValues() throws Exception {
    try (XGBoostRanker ranker = new XGBoostRanker("ranker", trainedModel())) {
      float[] scores = ranker.score(new FeatureMatrix(FEATURES, 3, new float[] {
          0.9f, 0.8f, 0.1f,
          0.1f, 0.1f, 0.9f,
          Float.NaN, 0.5f, 0.5f}));
      assertThat(scores[0]).isGreaterThan(scores[1] + 1);
      assertThat(scores[2]).isFinite();
      assertThat(ranker.score(new FeatureMatrix(FEATURES, 0, new float[0]))).isEmpty();
      assertThat(ranker.modelId().version()).matches("[0-9a-f]{12}");
    }
    assertThatThrownBy(() -> new XGBoostRanker("bad", "not a model".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTritonRankerGivesTheSameScoresAndFallsBackWhenTheServerFails() throws Exception {
    byte[] model = trainedModel();
    try (XGBoostRanker local = new XGBoostRanker("ranker", model);
         KServeProtocolTestDouble server = new KServeProtocolTestDouble(TestModels.embedded())) {
      server.ranker = local;
      TritonSettings settings = new TritonSettings(server.url(), "ranker", Duration.ofSeconds(2), 64,
          Duration.ofMillis(1), 0, Duration.ofMillis(1), 3, Duration.ofSeconds(5));
      TritonRanker remote = new TritonRanker(settings, local.modelId());
      FeatureMatrix m = new FeatureMatrix(FEATURES, 2, new float[] {0.2f, 0.4f, 0.6f, 0.7f, 0.1f, Float.NaN});
      assertThat(remote.score(m)).containsExactly(local.score(m));

      server.ranker = null;
      FallbackRanker withFallback = new FallbackRanker(remote, local);
      assertThat(withFallback.score(m)).containsExactly(local.score(m));
      assertThat(withFallback.fallbacks()).isEqualTo(1);
    }
  }
}
