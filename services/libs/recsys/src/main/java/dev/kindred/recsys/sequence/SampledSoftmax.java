package dev.kindred.recsys.sequence;

/**
 * The training loss: at every position, cross-entropy of the true next item against a set of
 * candidate items shared by the whole batch (sampled uniformly; all items for the full softmax). A
 * candidate equal to the true item is left out so it is never its own negative. The candidates'
 * embeddings are gathered once per batch into a transposed block ({@link #transposed}) so that
 * every position's logits are row updates the JIT vectorises, not one dot product per item.
 */
final class SampledSoftmax {

  private SampledSoftmax() {
  }

  /** The candidates' embeddings as a {@code dim × candidates} block: row k holds every candidate's k-th value. */
  static float[] transposed(float[] p, SasRecLayout l, int[] candidates) {
    int d = l.dim;
    int n = candidates.length;
    float[] t = new float[d * n];
    for (int c = 0; c < n; c++) {
      int e = l.itemEmbedding + candidates[c] * d;
      for (int k = 0; k < d; k++) {
        t[k * n + c] = p[e + k];
      }
    }
    return t;
  }

  /** Adds a transposed block of candidate-embedding gradients into the parameter gradient {@code g}. */
  static void scatter(float[] dCandidatesT, SasRecLayout l, int[] candidates, float[] g) {
    int d = l.dim;
    int m = candidates.length;
    for (int c = 0; c < m; c++) {
      int e = l.itemEmbedding + candidates[c] * d;
      for (int k = 0; k < d; k++) {
        g[e + k] += dCandidatesT[k * m + c];
      }
    }
  }

  /** Candidates per tile: a tile of the transposed block and of its gradient stay in a core's cache. */
  private static final int TILE = 512;

  /**
   * Adds to {@code dOut} (per position) and to the item-embedding gradient in {@code g} the gradient
   * of {@code weight ×} the summed loss over positions {@code 0..n)}, and returns that summed loss.
   * {@code candidatesT}: {@link #transposed} of {@code candidates}; the candidates' embedding
   * gradients are added to {@code dCandidatesT} in the same transposed layout (see {@link #scatter}).
   * {@code logits}: scratch of {@code n × candidates}. All positions go through one tile of
   * candidates before the next tile, so the embedding block is read from cache, not memory.
   */
  static double lossAndGradient(float[] p, SasRecLayout l, float[] out, int n, int[] targets, int targetFrom,
      int[] candidates, float[] candidatesT, float weight, float[] dOut, float[] g, float[] logits,
      float[] dCandidatesT) {
    int d = l.dim;
    int m = candidates.length;
    java.util.Arrays.fill(logits, 0, n * m, 0f);
    for (int c0 = 0; c0 < m; c0 += TILE) {
      int len = Math.min(TILE, m - c0);
      for (int t = 0; t < n; t++) {
        for (int k = 0; k < d; k++) {
          TensorOps.axpy(out[t * d + k], candidatesT, k * m + c0, logits, t * m + c0, len);
        }
      }
    }
    double loss = 0;
    for (int t = 0; t < n; t++) {
      int target = targets[targetFrom + t];
      int to = t * d;
      int row = t * m;
      float positive = TensorOps.dot(out, to, p, l.itemEmbedding + target * d, d);
      float max = positive;
      for (int c = 0; c < m; c++) {
        if (candidates[c] == target) {
          logits[row + c] = Float.NEGATIVE_INFINITY;
        }
        max = Math.max(max, logits[row + c]);
      }
      double sum = Math.exp(positive - max);
      for (int c = 0; c < m; c++) {
        float e = logits[row + c] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(logits[row + c] - max);
        logits[row + c] = e;
        sum += e;
      }
      loss += Math.log(sum) + max - positive;
      float gPositive = (float) (Math.exp(positive - max) / sum - 1) * weight;
      TensorOps.axpy(gPositive, p, l.itemEmbedding + target * d, dOut, to, d);
      TensorOps.axpy(gPositive, out, to, g, l.itemEmbedding + target * d, d);
      float scale = (float) (weight / sum);
      for (int c = 0; c < m; c++) {
        logits[row + c] *= scale;   // now each candidate's logit gradient
      }
    }
    for (int c0 = 0; c0 < m; c0 += TILE) {
      int len = Math.min(TILE, m - c0);
      for (int t = 0; t < n; t++) {
        // dOut row += Σ_c gradient_c · embedding_c: row updates (vectorised), not m-long dot products.
        for (int c = c0; c < c0 + len; c++) {
          float gc = logits[t * m + c];
          if (gc != 0f) {
            TensorOps.axpy(gc, p, l.itemEmbedding + candidates[c] * d, dOut, t * d, d);
          }
        }
        for (int k = 0; k < d; k++) {
          TensorOps.axpy(out[t * d + k], logits, t * m + c0, dCandidatesT, k * m + c0, len);
        }
      }
    }
    return loss;
  }
}
