package dev.kindred.bench.quality;

/**
 * Embedding-only nearest neighbours: the user is the normalised mean of the history's item
 * vectors; items are ranked by cosine to it. No behaviour of other users enters.
 */
public final class EmbeddingRecommender implements Recommender {

  private final ItemIndex index;

  public EmbeddingRecommender(Known known) {
    this.index = new ItemIndex(known.vectors());
  }

  @Override
  public int[] recommend(int[] history, int k) {
    float[] user = new float[index.dimension()];
    for (int h : history) {
      float[] v = index.vector(h);
      for (int d = 0; d < user.length; d++) {
        user[d] += v[d];
      }
    }
    return TopK.of(index.scores(ItemIndex.normalize(user)), k, history);
  }
}
