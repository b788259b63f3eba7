package dev.kindred.bench.quality;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Item vectors from behaviour alone, for datasets without item text: the top singular directions
 * of the binary user×item matrix of the known sequences (a randomized subspace iteration), each
 * item's row of XᵀX·Q, normalised. Two items are alike when the same users have them, seen
 * through a rank-{@code dim} lens. Deterministic for a seed.
 */
public final class BehaviourEmbeddings {

  private BehaviourEmbeddings() {
  }

  public static float[][] of(Known known, int dim, int iterations, long seed) {
    List<int[]> users = known.sequences().stream().map(s -> IntStream.of(s).distinct().toArray()).toList();
    int items = known.items();
    double[][] q = new double[items][dim];
    Random r = new Random(seed);
    for (double[] row : q) {
      for (int d = 0; d < dim; d++) {
        row[d] = r.nextGaussian();
      }
    }
    orthonormalize(q);
    for (int it = 0; it < iterations; it++) {
      q = gram(users, items, q, dim);
      orthonormalize(q);
    }
    double[][] v = gram(users, items, q, dim);
    float[][] out = new float[items][dim];
    for (int i = 0; i < items; i++) {
      double n = 0;
      for (double x : v[i]) {
        n += x * x;
      }
      n = Math.sqrt(n);
      for (int d = 0; d < dim; d++) {
        out[i][d] = n == 0 ? 0 : (float) (v[i][d] / n);
      }
    }
    return out;
  }

  /** XᵀX·Q without forming XᵀX: first Z = X·Q per user, then the sum of Z over each item's users. */
  private static double[][] gram(List<int[]> users, int items, double[][] q, int dim) {
    double[][] out = new double[items][dim];
    for (int[] s : users) {
      double[] z = new double[dim];
      for (int i : s) {
        for (int d = 0; d < dim; d++) {
          z[d] += q[i][d];
        }
      }
      for (int i : s) {
        for (int d = 0; d < dim; d++) {
          out[i][d] += z[d];
        }
      }
    }
    return out;
  }

  /** Modified Gram–Schmidt on the columns of an items×dim matrix. */
  private static void orthonormalize(double[][] m) {
    int dim = m[0].length;
    for (int c = 0; c < dim; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (double[] row : m) {
          dot += row[c] * row[p];
        }
        for (double[] row : m) {
          row[c] -= dot * row[p];
        }
      }
      double n = 0;
      for (double[] row : m) {
        n += row[c] * row[c];
      }
      n = Math.sqrt(n);
      for (double[] row : m) {
        row[c] = n == 0 ? 0 : row[c] / n;
      }
    }
  }
}
