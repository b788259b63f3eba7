package dev.kindred.inference;

import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.inference.triton.TritonRanker;
import dev.kindred.inference.triton.TritonSettings;

/**
 * Builds the ranker a service uses from its {@link InferenceConfig} and a trained model file: the
 * in-process XGBoost ranker always (the fallback), Triton's FIL model in front of it when the
 * backend is {@code triton} (served under {@code kindred.inference.triton.ranker-model}).
 */
public final class Rankers {

  private Rankers() {
  }

  public static Ranker open(InferenceConfig config, String name, byte[] model) {
    XGBoostRanker local = new XGBoostRanker(name, model);
    if (!"triton".equals(config.backend())) {
      return local;
    }
    TritonSettings t = config.triton();
    TritonSettings ranker = new TritonSettings(t.url(), config.tritonRankerModel(), t.timeout(), t.batchMaxTexts(),
        t.batchMaxDelay(), t.retries(), t.retryBackoff(), t.breakerThreshold(), t.breakerOpen());
    return new FallbackRanker(new TritonRanker(ranker, local.modelId()), local);
  }
}
