package dev.kindred.bench.quality;

/**
 * Exact nearest neighbours over unit item vectors held in one flat array: what pgvector's HNSW
 * answers in serving, computed exhaustively so that offline numbers carry no ANN recall loss.
 */
public final class ItemIndex {

  private final float[][] vectors;
  private final float[] flat;
  private final int dim;

  public ItemIndex(float[][] vectors) {
    this.vectors = vectors;
    this.dim = vectors[0].length;
    this.flat = new float[vectors.length * dim];
    for (int i = 0; i < vectors.length; i++) {
      System.arraycopy(vectors[i], 0, flat, i * dim, dim);
    }
  }

  public int dimension() {
    return dim;
  }

  public int size() {
    return vectors.length;
  }

  public float[] vector(int item) {
    return vectors[item];
  }

  /** Cosine of the (unit) query to every item. */
  public double[] scores(float[] q) {
    double[] out = new double[vectors.length];
    for (int i = 0, base = 0; i < out.length; i++, base += dim) {
      // Four partial sums: lets the JIT keep several multiply-adds in flight.
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int d = 0;
      for (; d + 3 < dim; d += 4) {
        s0 += q[d] * flat[base + d];
        s1 += q[d + 1] * flat[base + d + 1];
        s2 += q[d + 2] * flat[base + d + 2];
        s3 += q[d + 3] * flat[base + d + 3];
      }
      for (; d < dim; d++) {
        s0 += q[d] * flat[base + d];
      }
      out[i] = s0 + s1 + s2 + s3;
    }
    return out;
  }

  public static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    float[] out = new float[v.length];
    for (int d = 0; d < v.length && n > 0; d++) {
      out[d] = (float) (v[d] / n);
    }
    return out;
  }
}
