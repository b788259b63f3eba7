package dev.kindred.recsys.sequence;

/**
 * Where each tensor of a SASRec model lives in its one flat {@code float[]} of parameters (and,
 * with the same offsets, in gradient and optimiser arrays). Pre-norm transformer blocks: attention
 * (query, key, value, output projections) then a position-wise feed-forward layer, each behind a
 * layer norm and a residual connection; a final layer norm; item embeddings tied between input
 * and output.
 */
final class SasRecLayout {

  /** Offsets of one block's tensors. Matrices are row-major {@code [in][out]}. */
  record Block(int ln1Gain, int ln1Bias, int wq, int bq, int wk, int bk, int wv, int bv, int wo, int bo,
      int ln2Gain, int ln2Bias, int w1, int b1, int w2, int b2) {
  }

  final int items;
  final int dim;
  final int maxLength;
  final int itemEmbedding;
  final int positionEmbedding;
  final Block[] blocks;
  final int finalGain;
  final int finalBias;
  final int size;

  SasRecLayout(int items, int dim, int blockCount, int maxLength) {
    this.items = items;
    this.dim = dim;
    this.maxLength = maxLength;
    int at = 0;
    itemEmbedding = at;
    at += items * dim;
    positionEmbedding = at;
    at += maxLength * dim;
    blocks = new Block[blockCount];
    int dd = dim * dim;
    for (int b = 0; b < blockCount; b++) {
      int ln1g = at;
      int ln1b = ln1g + dim;
      int wq = ln1b + dim;
      int bq = wq + dd;
      int wk = bq + dim;
      int bk = wk + dd;
      int wv = bk + dim;
      int bv = wv + dd;
      int wo = bv + dim;
      int bo = wo + dd;
      int ln2g = bo + dim;
      int ln2b = ln2g + dim;
      int w1 = ln2b + dim;
      int b1 = w1 + dd;
      int w2 = b1 + dim;
      int b2 = w2 + dd;
      blocks[b] = new Block(ln1g, ln1b, wq, bq, wk, bk, wv, bv, wo, bo, ln2g, ln2b, w1, b1, w2, b2);
      at = b2 + dim;
    }
    finalGain = at;
    finalBias = at + dim;
    size = finalBias + dim;
  }

  /** Fresh parameters: Xavier-uniform matrices, small normal embeddings, unit gains, zero biases. */
  float[] initialise(java.util.Random random, float[][] initialItemVectors) {
    float[] p = new float[size];
    for (int i = 0; i < items; i++) {
      for (int j = 0; j < dim; j++) {
        float fromText = initialItemVectors == null ? 0 : initialItemVectors[i][j];
        p[itemEmbedding + i * dim + j] = fromText + (float) random.nextGaussian() * 0.05f;
      }
    }
    for (int i = 0; i < maxLength * dim; i++) {
      p[positionEmbedding + i] = (float) random.nextGaussian() * 0.05f;
    }
    float bound = (float) Math.sqrt(6.0 / (dim + dim));
    for (Block b : blocks) {
      for (int w : new int[] {b.wq(), b.wk(), b.wv(), b.wo(), b.w1(), b.w2()}) {
        for (int i = 0; i < dim * dim; i++) {
          p[w + i] = (random.nextFloat() * 2 - 1) * bound;
        }
      }
      java.util.Arrays.fill(p, b.ln1Gain(), b.ln1Gain() + dim, 1f);
      java.util.Arrays.fill(p, b.ln2Gain(), b.ln2Gain() + dim, 1f);
    }
    java.util.Arrays.fill(p, finalGain, finalGain + dim, 1f);
    return p;
  }
}
