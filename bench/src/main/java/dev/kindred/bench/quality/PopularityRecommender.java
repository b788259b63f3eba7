package dev.kindred.bench.quality;

/** The most popular items (count over the known sequences) the user has not had. */
public final class PopularityRecommender implements Recommender {

  private final double[] scores;

  public PopularityRecommender(Known known) {
    scores = new double[known.items()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = known.popularity()[i];
    }
  }

  @Override
  public int[] recommend(int[] history, int k) {
    return TopK.of(scores, k, history);
  }
}
