package dev.kindred.bench.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Item-item similarity rows, sparse. {@link #cosine} is the whole-history co-occurrence cosine
 * (ItemKNN); {@link #coVisits} counts only pairs at most {@code window} positions apart in a
 * sequence (a session), which is what the {@code co-visit} source means.
 */
public final class SparseRows {

  private final int[][] index;
  private final float[][] value;

  private SparseRows(int[][] index, float[][] value) {
    this.index = index;
    this.value = value;
  }

  public static SparseRows cosine(Known known) {
    List<int[]> sets = new ArrayList<>();
    for (int[] s : known.sequences()) {
      sets.add(IntStream.of(s).distinct().toArray());
    }
    int[] n = new int[known.items()];
    List<List<Integer>> usersOf = new ArrayList<>();
    for (int i = 0; i < known.items(); i++) {
      usersOf.add(new ArrayList<>());
    }
    for (int u = 0; u < sets.size(); u++) {
      for (int i : sets.get(u)) {
        n[i]++;
        usersOf.get(i).add(u);
      }
    }
    int[][] index = new int[known.items()][];
    float[][] value = new float[known.items()][];
    IntStream.range(0, known.items()).parallel().forEach(h -> {
      float[] co = new float[known.items()];
      for (int u : usersOf.get(h)) {
        for (int j : sets.get(u)) {
          co[j]++;
        }
      }
      co[h] = 0;
      fill(index, value, h, co, j -> Math.sqrt((double) n[h] * n[j]));
    });
    return new SparseRows(index, value);
  }

  public static SparseRows coVisits(Known known, int window) {
    int items = known.items();
    int[] n = new int[items];
    List<List<int[]>> at = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      at.add(new ArrayList<>());
    }
    for (int u = 0; u < known.sequences().size(); u++) {
      int[] s = known.sequences().get(u);
      for (int p = 0; p < s.length; p++) {
        n[s[p]]++;
        at.get(s[p]).add(new int[] {u, p});
      }
    }
    int[][] index = new int[items][];
    float[][] value = new float[items][];
    IntStream.range(0, items).parallel().forEach(h -> {
      float[] co = new float[items];
      for (int[] up : at.get(h)) {
        int[] s = known.sequences().get(up[0]);
        for (int q = Math.max(0, up[1] - window); q <= Math.min(s.length - 1, up[1] + window); q++) {
          // Nearer in the session counts more: 1 for neighbours, fading with distance.
          co[s[q]] += q == up[1] ? 0 : 1f / Math.abs(q - up[1]);
        }
      }
      co[h] = 0;
      fill(index, value, h, co, j -> Math.sqrt((double) n[h] * n[j]));
    });
    return new SparseRows(index, value);
  }

  private static void fill(int[][] index, float[][] value, int h, float[] co,
      java.util.function.IntToDoubleFunction norm) {
    int nnz = 0;
    for (float c : co) {
      if (c > 0) {
        nnz++;
      }
    }
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    int k = 0;
    for (int j = 0; j < co.length; j++) {
      if (co[j] > 0) {
        idx[k] = j;
        val[k++] = (float) (co[j] / norm.applyAsDouble(j));
      }
    }
    index[h] = idx;
    value[h] = val;
  }

  /** scores += weight × row(item). */
  public void addRow(int item, double weight, double[] scores) {
    int[] idx = index[item];
    float[] val = value[item];
    for (int k = 0; k < idx.length; k++) {
      scores[idx[k]] += weight * val[k];
    }
  }
}
