package dev.kindred.bench.ann;

import java.util.Random;

/**
 * 384-d unit vectors of two kinds: {@code clustered}, shaped like a catalogue's embeddings (points
 * around 256 topic centres), and {@code random}, uniform on the sphere (the hardest case for any
 * graph index: no structure to exploit). Queries are drawn the same way but are not in the set.
 * Deterministic.
 */
final class AnnData {

  static final int DIM = 384;

  private AnnData() {
  }

  static float[][] generate(String kind, int n, long seed) {
    boolean random = switch (kind) {
      case "random" -> true;
      case "clustered" -> false;
      default -> throw new IllegalArgumentException("data kind: random or clustered, not " + kind);
    };
    Random r = new Random(seed);
    Random centresRng = new Random(42);
    int clusters = 256;
    float[][] centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = gaussian(centresRng, 1.0);
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      if (random) {
        out[i] = normalize(gaussian(r, 1.0));
      } else {
        float[] c = centres[r.nextInt(clusters)];
        float[] noise = gaussian(r, 0.5);
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          v[d] = c[d] + noise[d];
        }
        out[i] = normalize(v);
      }
    }
    return out;
  }

  private static float[] gaussian(Random r, double sigma) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) (r.nextGaussian() * sigma);
    }
    return v;
  }

  static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (v[d] / n);
    }
    return v;
  }

  /** Exact top-k by cosine (= dot for unit vectors), ids ascending on ties. */
  static int[][] exact(float[][] base, float[][] queries, int k) {
    int[][] out = new int[queries.length][];
    java.util.stream.IntStream.range(0, queries.length).parallel().forEach(q -> {
      double[] s = new double[base.length];
      for (int i = 0; i < base.length; i++) {
        float[] b = base[i];
        float[] v = queries[q];
        float acc = 0;
        for (int d = 0; d < DIM; d++) {
          acc += b[d] * v[d];
        }
        s[i] = acc;
      }
      out[q] = dev.kindred.bench.quality.TopK.of(s, k, new int[0]);
    });
    return out;
  }

  /** Share of the true top-k found; 1 when there is nothing to find (a query that does not search). */
  static double recall(int[][] truth, int[][] found) {
    if (truth.length == 0 || truth[0].length == 0) {
      return 1;
    }
    double hit = 0;
    for (int q = 0; q < truth.length; q++) {
      java.util.Set<Integer> t = new java.util.HashSet<>();
      for (int i : truth[q]) {
        t.add(i);
      }
      for (int i : found[q]) {
        if (t.contains(i)) {
          hit++;
        }
      }
    }
    return hit / (truth.length * (double) truth[0].length);
  }
}
