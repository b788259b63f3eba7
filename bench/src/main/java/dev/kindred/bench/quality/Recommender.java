package dev.kindred.bench.quality;

/** A method under evaluation: the top {@code k} items for a history, never an item of the history. */
public interface Recommender {

  int[] recommend(int[] history, int k);
}
