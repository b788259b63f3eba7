package dev.kindred.inference;

import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.inference.triton.TritonRanker;
import dev.kindred.inference.triton.TritonSettings;

/**
 * Builds the ranker a service uses from its {@link InferenceConfig} and a trained model file: the
 * in-process XGBoost ranker always (the fallback), Triton's FIL model in front of it when
 * {@code kindred.inference.ranker-backend} is {@code triton}.
 */
public final class Rankers {

  private Rankers() {
  }

  public static Ranker open(InferenceConfig config, String name, byte[] model) {
    return inFront(config, new XGBoostRanker(name, model), config.tritonRankerModel());
  }

  /**
   * What scores with {@code local}'s model: {@code local} itself, or — when the ranker backend is
   * {@code triton} — Triton's model {@code tritonModel} (the same file, published there) with
   * {@code local} answering whenever Triton fails.
   */
  public static Ranker inFront(InferenceConfig config, XGBoostRanker local, String tritonModel) {
    if (!"triton".equals(config.rankerBackend())) {
      return local;
    }
    TritonSettings t = config.triton();
    TritonSettings ranker = new TritonSettings(t.url(), tritonModel, t.timeout(), t.batchMaxTexts(),
        t.batchMaxDelay(), t.retries(), t.retryBackoff(), t.breakerThreshold(), t.breakerOpen());
    return new FallbackRanker(new TritonRanker(ranker, local.modelId()), local);
  }
}
