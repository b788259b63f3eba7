package dev.kindred.bench.quality;

import dev.kindred.recsys.sequence.NextItemTransitions;

/** Next-item transitions (recsys's sequence baseline): what followed the user's last items in others' sequences. */
public final class TransitionRecommender implements Recommender {

  static final int WINDOW = 3;
  static final int RECENT = 5;
  private final NextItemTransitions model;
  private final int[] popularity;

  public TransitionRecommender(Known known) {
    this.model = NextItemTransitions.train(known.sequences(), known.items(), WINDOW);
    this.popularity = known.popularity();
  }

  @Override
  public int[] recommend(int[] history, int k) {
    double[] scores = model.scores(history, RECENT);
    // Ties (above all: items no transition reaches) go to the popular ones.
    double max = 0;
    for (int p : popularity) {
      max = Math.max(max, p);
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] += 1e-6 * popularity[i] / Math.max(1, max);
    }
    return TopK.of(scores, k, history);
  }
}
