package dev.kindred.worker.explore;

import java.util.Random;

/**
 * Spherical k-means over unit vectors (cosine = dot): k-means++ seeding, then Lloyd iterations
 * with re-normalised centroids. Deterministic for a seed.
 */
final class KMeans {

  private KMeans() {
  }

  static float[][] fit(float[][] x, int k, int iterations, long seed) {
    Random r = new Random(seed);
    int n = x.length;
    int dim = x[0].length;
    float[][] c = new float[k][];
    c[0] = x[r.nextInt(n)].clone();
    double[] dist = new double[n];
    java.util.Arrays.fill(dist, Double.MAX_VALUE);
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        dist[i] = Math.min(dist[i], Math.max(0, 1 - dot(x[i], c[j - 1])));
        total += dist[i];
      }
      double pick = r.nextDouble() * total;
      int chosen = n - 1;
      for (int i = 0; i < n; i++) {
        pick -= dist[i];
        if (pick <= 0) {
          chosen = i;
          break;
        }
      }
      c[j] = x[chosen].clone();
    }
    for (int it = 0; it < iterations; it++) {
      double[][] sum = new double[k][dim];
      for (float[] v : x) {
        double[] s = sum[nearest(v, c)];
        for (int d = 0; d < dim; d++) {
          s[d] += v[d];
        }
      }
      for (int j = 0; j < k; j++) {
        double norm = 0;
        for (double v : sum[j]) {
          norm += v * v;
        }
        if (norm == 0) {
          continue; // an empty cluster keeps its centre
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < dim; d++) {
          c[j][d] = (float) (sum[j][d] / norm);
        }
      }
    }
    return c;
  }

  static int nearest(float[] v, float[][] c) {
    int best = 0;
    double bestSim = -2;
    for (int j = 0; j < c.length; j++) {
      double sim = dot(v, c[j]);
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    return best;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }
}
