package dev.kindred.inference.embedded;

import dev.kindred.inference.FeatureMatrix;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a LambdaMART ranker ({@code rank:ndcg}) in this JVM: rows grouped by request, graded
 * labels (0 not engaged … 3 bought). Bounded threads so training never starves serving. The
 * result is the JSON model that {@link XGBoostRanker} and Triton's FIL backend load.
 */
public final class XGBoostTrainer {

  /** Boosting rounds, tree depth, learning rate, threads, seed. */
  public record Params(int rounds, int maxDepth, double eta, int threads, long seed) {

    public static Params defaults() {
      return new Params(120, 4, 0.1, 1, 7);
    }
  }

  private XGBoostTrainer() {
  }

  /** {@code groupSizes}: consecutive rows of one request each; their sum is the number of rows. */
  public static byte[] trainRanking(FeatureMatrix rows, float[] labels, int[] groupSizes, Params p) {
    try {
      DMatrix train = new DMatrix(rows.values(), rows.rows(), rows.columns(), Float.NaN);
      train.setLabel(labels);
      train.setGroup(groupSizes);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "rank:ndcg");
      params.put("eval_metric", "ndcg@10");
      params.put("max_depth", p.maxDepth());
      params.put("eta", p.eta());
      params.put("nthread", p.threads());
      params.put("seed", p.seed());
      params.put("lambdarank_pair_method", "topk");
      Booster booster = XGBoost.train(train, params, p.rounds(), Map.of(), null, null);
      byte[] model = booster.toByteArray("json");
      booster.dispose();
      train.dispose();
      return model;
    } catch (XGBoostError e) {
      throw new IllegalArgumentException("XGBoost could not train: " + e.getMessage(), e);
    }
  }
}
