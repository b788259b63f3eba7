package dev.kindred.inference.model;

import dev.kindred.inference.Vectors;

/** Turns per-token hidden states into one unit-length vector per text. */
public enum Pooling {
  /** Average of the token states under the attention mask (MiniLM sentence-transformers). */
  MEAN,
  /** The state of the first ([CLS]) token (BGE). */
  CLS;

  /** {@code hidden} is row-major {@code [batch, seqLen, dim]}. */
  public float[][] pool(float[] hidden, TokenBatch tokens, int dim) {
    int batch = tokens.batch();
    int seqLen = tokens.seqLen();
    if (hidden.length != (long) batch * seqLen * dim) {
      throw new IllegalArgumentException("hidden state has " + hidden.length + " values, expected "
          + batch + "x" + seqLen + "x" + dim);
    }
    float[][] out = new float[batch][dim];
    long[] mask = tokens.attentionMask();
    for (int b = 0; b < batch; b++) {
      float[] v = out[b];
      if (this == CLS) {
        System.arraycopy(hidden, b * seqLen * dim, v, 0, dim);
      } else {
        int count = 0;
        for (int t = 0; t < seqLen; t++) {
          if (mask[b * seqLen + t] == 0) {
            continue;
          }
          count++;
          int base = (b * seqLen + t) * dim;
          for (int d = 0; d < dim; d++) {
            v[d] += hidden[base + d];
          }
        }
        float inv = 1f / Math.max(count, 1);
        for (int d = 0; d < dim; d++) {
          v[d] *= inv;
        }
      }
      Vectors.normalize(v);
    }
    return out;
  }
}
