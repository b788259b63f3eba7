package dev.kindred.inference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product on the Vector API: loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (as bin/kindred, the tests and the images start it).
 */
final class SimdDot {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private SimdDot() {
  }

  static double dot(float[] a, float[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    int bound = S.loopBound(n);
    FloatVector acc = FloatVector.zero(S);
    for (; i < bound; i += S.length()) {
      acc = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), acc);
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
