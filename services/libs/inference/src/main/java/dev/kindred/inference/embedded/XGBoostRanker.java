package dev.kindred.inference.embedded;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.ModelId;
import dev.kindred.inference.Ranker;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores candidates in this JVM with an XGBoost model (the JSON or UBJSON form XGBoost saves; the
 * same file Triton's FIL backend serves). Missing features are NaN. The model id is the name plus
 * the first 12 hex digits of the file's SHA-256, like the embedding model's.
 */
public final class XGBoostRanker implements Ranker {

  private final Booster booster;
  private final ModelId id;

  public XGBoostRanker(String name, byte[] model) {
    try {
      this.booster = XGBoost.loadModel(model);
      this.id = new ModelId(name, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model), 0, 6));
    } catch (XGBoostError | java.io.IOException e) {
      throw new IllegalArgumentException("not an XGBoost model: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized float[] score(FeatureMatrix features) {
    if (features.rows() == 0) {
      return new float[0];
    }
    try {
      float[][] out = booster.inplace_predict(features.values(), features.rows(), features.columns(), Float.NaN);
      float[] scores = new float[out.length];
      for (int i = 0; i < out.length; i++) {
        scores[i] = out[i][0];
      }
      return scores;
    } catch (XGBoostError e) {
      throw new InferenceException("XGBoost failed: " + e.getMessage(), false, e);
    }
  }

  /**
   * Each row's SHAP values from the model itself ({@code predContrib}): one per feature column and
   * the bias last; they sum to the row's score — the learned ranker's faithful score breakdown.
   */
  public synchronized float[][] contributions(FeatureMatrix features) {
    if (features.rows() == 0) {
      return new float[0][];
    }
    try {
      ml.dmlc.xgboost4j.java.DMatrix m = new ml.dmlc.xgboost4j.java.DMatrix(features.values(), features.rows(),
          features.columns(), Float.NaN);
      try {
        return booster.predictContrib(m, 0);
      } finally {
        m.dispose();
      }
    } catch (XGBoostError e) {
      throw new InferenceException("XGBoost failed: " + e.getMessage(), false, e);
    }
  }

  @Override
  public ModelId modelId() {
    return id;
  }

  @Override
  public void close() {
    booster.dispose();
  }
}
