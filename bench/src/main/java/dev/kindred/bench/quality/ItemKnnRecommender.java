package dev.kindred.bench.quality;

import java.util.stream.IntStream;

/**
 * ItemKNN: cosine between items on the binary user×item matrix of the known sequences; a user's
 * score for an item is the sum of its similarities to the (distinct) items of the history.
 */
public final class ItemKnnRecommender implements Recommender {

  private final int items;
  private final SparseRows rows;

  public ItemKnnRecommender(Known known) {
    this.items = known.items();
    this.rows = SparseRows.cosine(known);
  }

  @Override
  public int[] recommend(int[] history, int k) {
    double[] scores = new double[items];
    for (int h : IntStream.of(history).distinct().toArray()) {
      rows.addRow(h, 1.0, scores);
    }
    return TopK.of(scores, k, history);
  }
}
