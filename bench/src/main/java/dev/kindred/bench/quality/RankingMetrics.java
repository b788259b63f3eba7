package dev.kindred.bench.quality;

import java.util.BitSet;

/**
 * Leave-one-out metrics over full ranking: with one relevant item HR@K is whether the target is in
 * the top K and NDCG@K = 1/log2(rank+1) when it is (ideal DCG 1). Beyond accuracy, over each
 * user's top 10: catalogue coverage (distinct items recommended / catalogue), intra-list diversity
 * (1 − mean pairwise cosine of the item vectors) and novelty (mean self-information
 * −log2(popularity / users) of the recommended items, popularity floored at 1).
 */
public final class RankingMetrics {

  public static final int[] CUTOFFS = {5, 10, 20};
  private final double[] hr = new double[CUTOFFS.length];
  private final double[] ndcg = new double[CUTOFFS.length];
  private final BitSet recommended = new BitSet();
  private final int items;
  private final float[][] vectors;
  private final int[] popularity;
  private final int userCount;
  private double diversity;
  private double novelty;
  private int users;

  public RankingMetrics(int items, float[][] vectors, int[] popularity, int userCount) {
    this.items = items;
    this.vectors = vectors;
    this.popularity = popularity;
    this.userCount = userCount;
  }

  public synchronized void add(int[] top, int target) {
    users++;
    int rank = 0;
    for (int i = 0; i < top.length; i++) {
      if (top[i] == target) {
        rank = i + 1;
        break;
      }
    }
    for (int c = 0; c < CUTOFFS.length; c++) {
      if (rank > 0 && rank <= CUTOFFS[c]) {
        hr[c] += 1;
        ndcg[c] += 1 / (Math.log(rank + 1) / Math.log(2));
      }
    }
    int n = Math.min(10, top.length);
    double sim = 0;
    int pairs = 0;
    double info = 0;
    for (int i = 0; i < n; i++) {
      recommended.set(top[i]);
      info += -Math.log(Math.max(1, popularity[top[i]]) / (double) userCount) / Math.log(2);
      for (int j = i + 1; j < n && vectors != null; j++) {
        sim += dot(vectors[top[i]], vectors[top[j]]);
        pairs++;
      }
    }
    diversity += pairs == 0 ? 0 : 1 - sim / pairs;
    novelty += n == 0 ? 0 : info / n;
  }

  public int users() {
    return users;
  }

  public double hr(int cutoff) {
    return users == 0 ? 0 : hr[index(cutoff)] / users;
  }

  public double ndcg(int cutoff) {
    return users == 0 ? 0 : ndcg[index(cutoff)] / users;
  }

  public double coverage() {
    return recommended.cardinality() / (double) items;
  }

  public double diversity() {
    return users == 0 ? 0 : diversity / users;
  }

  public double novelty() {
    return users == 0 ? 0 : novelty / users;
  }

  private static int index(int cutoff) {
    for (int c = 0; c < CUTOFFS.length; c++) {
      if (CUTOFFS[c] == cutoff) {
        return c;
      }
    }
    throw new IllegalArgumentException("cutoff " + cutoff);
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }
}
