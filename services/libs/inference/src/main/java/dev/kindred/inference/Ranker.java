package dev.kindred.inference;

/**
 * Scores candidates from their features (higher is better). Implementations: a learned model run
 * in-process or on Triton's FIL backend; both are added by the ranking work (see the issue list).
 */
public interface Ranker extends AutoCloseable {

  float[] score(FeatureMatrix features);

  ModelId modelId();

  @Override
  default void close() {
  }
}
