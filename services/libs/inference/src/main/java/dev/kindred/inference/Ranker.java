package dev.kindred.inference;

/**
 * Scores candidates from their features (higher is better): {@code XGBoostRanker} in-process, or
 * {@code TritonRanker} on Triton's FIL backend with {@link FallbackRanker} in front. The model
 * itself is trained by the learned-ranking work.
 */
public interface Ranker extends AutoCloseable {

  float[] score(FeatureMatrix features);

  ModelId modelId();

  @Override
  default void close() {
  }
}
