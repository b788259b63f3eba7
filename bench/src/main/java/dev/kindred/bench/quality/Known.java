package dev.kindred.bench.quality;

import java.util.List;

/**
 * What a method may learn from at one phase: the known sequences (targets withheld), the item
 * count, item vectors (text embeddings, or behaviour embeddings when the dataset has no text), and
 * popularity counted over the known sequences.
 */
public record Known(int items, List<int[]> sequences, float[][] vectors, int[] popularity) {

  public static Known of(int items, List<int[]> sequences, float[][] vectors) {
    int[] pop = new int[items];
    for (int[] s : sequences) {
      for (int i : s) {
        pop[i]++;
      }
    }
    return new Known(items, sequences, vectors, pop);
  }

  public int users() {
    return sequences.size();
  }
}
