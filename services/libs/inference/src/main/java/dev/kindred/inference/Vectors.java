package dev.kindred.inference;

/** Small vector helpers shared by the backends and by callers that compare vectors. */
public final class Vectors {

  private Vectors() {
  }

  public static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Whether the Vector API is there ({@code --add-modules jdk.incubator.vector}). */
  static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /**
   * The dot product: the cosine when both vectors are unit length; the inner loop of MMR and of every
   * similarity feature. On the Vector API when the JVM has it (measured 4× on serving's ranking),
   * else {@link #plainDot}.
   */
  public static double dot(float[] a, float[] b) {
    return SIMD ? SimdDot.dot(a, b) : plainDot(a, b);
  }

  /**
   * Four partial sums keep several multiply-adds in flight (a strict left-to-right sum makes each wait
   * for the previous one).
   */
  static double plainDot(float[] a, float[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (int n = a.length - 3; i < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Scales in place to unit length; a zero vector stays zero. */
  public static float[] normalize(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    if (n > 0) {
      float inv = (float) (1.0 / Math.sqrt(n));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  /** A vector read from PostgreSQL as {@code real[]} (the driver hands boxed floats). */
  public static float[] unbox(Float[] boxed) {
    float[] out = new float[boxed.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  /**
   * A vector in pgvector's binary form ({@code vector_send(v)}: dimension and an unused int16, then
   * big-endian float4s) — what serving reads instead of {@code real[]}: no boxed floats, no text.
   */
  public static float[] fromPgBinary(byte[] bytes) {
    return fromPgBinary(java.nio.ByteBuffer.wrap(bytes));
  }

  /** The vector at {@code b}'s position in pgvector's binary form; the position moves past it (vectors end to end). */
  public static float[] fromPgBinary(java.nio.ByteBuffer b) {
    int dim = b.getShort() & 0xffff;
    b.getShort();
    float[] out = new float[dim];
    b.asFloatBuffer().get(out);
    b.position(b.position() + 4 * dim);
    return out;
  }

  /** Several vectors of one dimension end to end, as one {@code real[]} parameter (sent in binary). */
  public static Float[] flat(java.util.List<float[]> vectors) {
    int d = vectors.isEmpty() ? 0 : vectors.get(0).length;
    Float[] out = new Float[vectors.size() * d];
    for (int q = 0; q < vectors.size(); q++) {
      float[] v = vectors.get(q);
      for (int i = 0; i < d; i++) {
        out[q * d + i] = v[i];
      }
    }
    return out;
  }

  /** pgvector's text form, {@code [0.1,0.2,…]}. */
  public static String toPgVector(float[] v) {
    StringBuilder sb = new StringBuilder(v.length * 10).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(v[i]);
    }
    return sb.append(']').toString();
  }

  public static float[] fromPgVector(String text) {
    String body = text.substring(1, text.length() - 1);
    if (body.isEmpty()) {
      return new float[0];
    }
    String[] parts = body.split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }
}
