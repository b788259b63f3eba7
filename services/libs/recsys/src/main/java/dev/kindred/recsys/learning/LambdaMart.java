package dev.kindred.recsys.learning;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.inference.embedded.XGBoostTrainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Learns a ranker from what serving logged: each impression of a personal list (its items' feature
 * rows, exactly as serving computed them) with what the user then did with each item, attributed by
 * {@code recommendationId}. The latest {@link #VALIDATION_SHARE} of requests (by time) is held out;
 * the new model is promoted only if its NDCG@10 there beats the current ranker's on the same
 * requests by more than {@link #MIN_GAIN} — a model that validates worse never serves.
 */
public final class LambdaMart {

  /** One served list: when, each item's features, each item's graded label (0 none, 1 click, 2 cart, 3 purchase). */
  public record Request(String recommendationId, Instant at, float[][] features, int[] labels) {

    boolean hasPositive() {
      return Arrays.stream(labels).anyMatch(l -> l > 0);
    }
  }

  /** The outcome: the model (JSON), both validation scores, the decision and the data sizes. */
  public record Outcome(byte[] model, double candidateNdcg, double currentNdcg, boolean promote, int trainRequests,
      int validationRequests) {
  }

  public static final double VALIDATION_SHARE = 0.2;
  public static final double MIN_GAIN = 0.001;
  /** Fewer labelled requests than this and nothing is trained: the signal would be noise. */
  public static final int MIN_LABELLED_REQUESTS = 30;

  private LambdaMart() {
  }

  /**
   * Trains on the older requests and validates both rankers on the newer ones; null when there are
   * too few requests with any engagement. {@code featureNames}: the columns of every row.
   */
  public static Outcome train(List<Request> requests, String[] featureNames, Ranker current, XGBoostTrainer.Params p) {
    List<Request> labelled = requests.stream().filter(Request::hasPositive)
        .sorted(Comparator.comparing(Request::at)).toList();
    if (labelled.size() < MIN_LABELLED_REQUESTS) {
      return null;
    }
    int cut = (int) Math.round(labelled.size() * (1 - VALIDATION_SHARE));
    List<Request> train = labelled.subList(0, cut);
    List<Request> validation = labelled.subList(cut, labelled.size());
    byte[] model = XGBoostTrainer.trainRanking(matrix(train, featureNames), toFloats(train), groups(train), p);
    double candidate;
    try (XGBoostRanker learned = new XGBoostRanker("lambdamart", model)) {
      candidate = meanNdcg(validation, featureNames, learned, 10);
    }
    double baseline = meanNdcg(validation, featureNames, current, 10);
    return new Outcome(model, candidate, baseline, candidate > baseline + MIN_GAIN, train.size(), validation.size());
  }

  /** Mean NDCG@k over requests of the order {@code ranker} gives their items. */
  public static double meanNdcg(List<Request> requests, String[] featureNames, Ranker ranker, int k) {
    double sum = 0;
    for (Request r : requests) {
      float[] scores = ranker.score(matrix(List.of(r), featureNames));
      Integer[] order = new Integer[scores.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      sum += ndcg(Arrays.stream(order).mapToInt(i -> r.labels()[i]).toArray(), k);
    }
    return requests.isEmpty() ? 0 : sum / requests.size();
  }

  /** NDCG@k of graded labels in ranked order (gain 2^label − 1). */
  public static double ndcg(int[] rankedLabels, int k) {
    double dcg = dcg(rankedLabels, k);
    int[] ideal = Arrays.stream(rankedLabels).boxed().sorted(Comparator.reverseOrder()).mapToInt(Integer::intValue).toArray();
    double best = dcg(ideal, k);
    return best == 0 ? 0 : dcg / best;
  }

  private static double dcg(int[] labels, int k) {
    double s = 0;
    for (int i = 0; i < Math.min(k, labels.length); i++) {
      s += (Math.pow(2, labels[i]) - 1) / (Math.log(i + 2) / Math.log(2));
    }
    return s;
  }

  private static FeatureMatrix matrix(List<Request> requests, String[] names) {
    List<float[]> rows = new ArrayList<>();
    requests.forEach(r -> rows.addAll(Arrays.asList(r.features())));
    float[] values = new float[rows.size() * names.length];
    for (int i = 0; i < rows.size(); i++) {
      float[] row = rows.get(i);
      for (int j = 0; j < names.length; j++) {
        values[i * names.length + j] = j < row.length ? row[j] : Float.NaN;
      }
    }
    return new FeatureMatrix(names, rows.size(), values);
  }

  private static float[] toFloats(List<Request> requests) {
    int n = requests.stream().mapToInt(r -> r.labels().length).sum();
    float[] out = new float[n];
    int i = 0;
    for (Request r : requests) {
      for (int l : r.labels()) {
        out[i++] = l;
      }
    }
    return out;
  }

  private static int[] groups(List<Request> requests) {
    return requests.stream().mapToInt(r -> r.labels().length).toArray();
  }
}
