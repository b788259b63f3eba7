package dev.kindred.recsys;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.ModelId;
import dev.kindred.inference.Ranker;

/**
 * The documented score as a {@link Ranker}: the weighted sum of {@link FeedRanker#FEATURES}. It
 * serves a tenant until a learned ranker (same interface, same feature columns) is promoted for
 * it; a missing feature (NaN) counts as 0.
 */
public final class WeightedRanker implements Ranker {

  private static final ModelId ID = new ModelId("weighted-score", "1");
  private final FeedRanker.Weights weights;

  public WeightedRanker(FeedRanker.Weights weights) {
    this.weights = weights;
  }

  public FeedRanker.Weights weights() {
    return weights;
  }

  @Override
  public float[] score(FeatureMatrix features) {
    double[] w = new double[features.columns()];
    for (int j = 0; j < w.length; j++) {
      w[j] = weights.of(features.featureNames()[j]);
    }
    float[] out = new float[features.rows()];
    for (int i = 0; i < out.length; i++) {
      double sum = 0;
      for (int j = 0; j < w.length; j++) {
        float v = features.get(i, j);
        sum += Float.isNaN(v) ? 0 : w[j] * v;
      }
      out[i] = (float) sum;
    }
    return out;
  }

  @Override
  public ModelId modelId() {
    return ID;
  }
}
