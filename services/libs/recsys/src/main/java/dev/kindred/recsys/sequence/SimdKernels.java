package dev.kindred.recsys.sequence;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TensorOps#axpy} and {@link TensorOps#dot} on the JDK's Vector API (the widest lanes the
 * CPU has). Measured here with AVX-512: axpy 12 vs 3 GMAC/s, dot 14 vs 1.2 GMAC/s for the plain
 * loops, which the JIT cannot vectorise (float sums must keep their order; the arrays may alias).
 * Loaded only when the JVM runs with {@code --add-modules jdk.incubator.vector}.
 */
final class SimdKernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private SimdKernels() {
  }

  static void axpy(float a, float[] x, int xo, float[] y, int yo, int d) {
    int j = 0;
    int bound = S.loopBound(d);
    FloatVector va = FloatVector.broadcast(S, a);
    for (; j < bound; j += S.length()) {
      FloatVector.fromArray(S, x, xo + j).fma(va, FloatVector.fromArray(S, y, yo + j)).intoArray(y, yo + j);
    }
    for (; j < d; j++) {
      y[yo + j] += a * x[xo + j];
    }
  }

  static float dot(float[] a, int ao, float[] b, int bo, int d) {
    int j = 0;
    int bound = S.loopBound(d);
    FloatVector acc = FloatVector.zero(S);
    for (; j < bound; j += S.length()) {
      acc = FloatVector.fromArray(S, a, ao + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; j < d; j++) {
      s += a[ao + j] * b[bo + j];
    }
    return s;
  }
}
