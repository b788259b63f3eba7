package dev.kindred.recsys.sequence;

/**
 * The few dense operations a small transformer needs, forward and backward, over flat row-major
 * {@code float[]} with offsets. Inner loops are {@code y += a·x} and dot products over contiguous
 * rows, run on the Vector API when the JVM has it; no allocation.
 */
final class TensorOps {

  static final float LAYER_NORM_EPS = 1e-6f;
  /**
   * Whether the Vector API is there ({@code --add-modules jdk.incubator.vector}, as bin/kindred
   * starts the services): 4-12× faster kernels. Without it the plain loops give the same results
   * up to float rounding.
   */
  static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private TensorOps() {
  }

  /** y[n][out] = x[n][in] · W[in][out] + b. */
  static void linear(float[] x, int n, int in, float[] p, int w, int b, int out, float[] y) {
    for (int i = 0; i < n; i++) {
      int yi = i * out;
      System.arraycopy(p, b, y, yi, out);
      for (int k = 0; k < in; k++) {
        float a = x[i * in + k];
        if (a == 0) {
          continue;
        }
        axpy(a, p, w + k * out, y, yi, out);
      }
    }
  }

  /**
   * Backward of {@link #linear}: accumulates dW += xᵀ·dy and db += Σdy into {@code g}, and writes
   * (or, with {@code accumulate}, adds) dx = dy·Wᵀ.
   */
  static void linearBackward(float[] x, float[] dy, int n, int in, int out, float[] p, int w, int b, float[] g,
      float[] dx, boolean accumulate) {
    for (int i = 0; i < n; i++) {
      int yi = i * out;
      for (int j = 0; j < out; j++) {
        g[b + j] += dy[yi + j];
      }
      for (int k = 0; k < in; k++) {
        float a = x[i * in + k];
        int wk = w + k * out;
        axpy(a, dy, yi, g, wk, out);
        float sum = dot(dy, yi, p, wk, out);
        if (dx != null) {
          dx[i * in + k] = accumulate ? dx[i * in + k] + sum : sum;
        }
      }
    }
  }

  /** Layer norm of each of n rows: y = gain·x̂ + bias; keeps x̂ and 1/σ for the backward pass. */
  static void layerNorm(float[] x, int n, int d, float[] p, int gain, int bias, float[] xhat, float[] rstd, float[] y) {
    for (int i = 0; i < n; i++) {
      int o = i * d;
      float mean = 0;
      for (int j = 0; j < d; j++) {
        mean += x[o + j];
      }
      mean /= d;
      float var = 0;
      for (int j = 0; j < d; j++) {
        float c = x[o + j] - mean;
        var += c * c;
      }
      float r = (float) (1.0 / Math.sqrt(var / d + LAYER_NORM_EPS));
      rstd[i] = r;
      for (int j = 0; j < d; j++) {
        float h = (x[o + j] - mean) * r;
        xhat[o + j] = h;
        y[o + j] = p[gain + j] * h + p[bias + j];
      }
    }
  }

  /** Backward of {@link #layerNorm}: gain/bias gradients into {@code g}, dx added to {@code dx}. */
  static void layerNormBackward(float[] dy, float[] xhat, float[] rstd, int n, int d, float[] p, int gain, int bias,
      float[] g, float[] dx) {
    for (int i = 0; i < n; i++) {
      int o = i * d;
      float meanD = 0;
      float meanDx = 0;
      for (int j = 0; j < d; j++) {
        float dh = dy[o + j] * p[gain + j];
        g[gain + j] += dy[o + j] * xhat[o + j];
        g[bias + j] += dy[o + j];
        meanD += dh;
        meanDx += dh * xhat[o + j];
      }
      meanD /= d;
      meanDx /= d;
      for (int j = 0; j < d; j++) {
        float dh = dy[o + j] * p[gain + j];
        dx[o + j] += rstd[i] * (dh - meanD - xhat[o + j] * meanDx);
      }
    }
  }

  static float dot(float[] a, int ao, float[] b, int bo, int d) {
    return SIMD ? SimdKernels.dot(a, ao, b, bo, d) : plainDot(a, ao, b, bo, d);
  }

  static float plainDot(float[] a, int ao, float[] b, int bo, int d) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int j = 0;
    for (; j + 3 < d; j += 4) {
      s0 += a[ao + j] * b[bo + j];
      s1 += a[ao + j + 1] * b[bo + j + 1];
      s2 += a[ao + j + 2] * b[bo + j + 2];
      s3 += a[ao + j + 3] * b[bo + j + 3];
    }
    for (; j < d; j++) {
      s0 += a[ao + j] * b[bo + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** y[yo..] += a · x[xo..]. */
  static void axpy(float a, float[] x, int xo, float[] y, int yo, int d) {
    if (SIMD) {
      SimdKernels.axpy(a, x, xo, y, yo, d);
      return;
    }
    for (int j = 0; j < d; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }
}
