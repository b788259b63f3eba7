package dev.kindred.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void theVectorApiDotAgreesWithThePlainOneOnEveryLength() {
    assertThat(Vectors.SIMD).as("tests run with --add-modules jdk.incubator.vector").isTrue();
    Random r = new Random(5);
    for (int n : new int[] {1, 3, 7, 8, 15, 16, 17, 383, 384, 385}) {
      float[] a = new float[n];
      float[] b = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
      }
      assertThat(SimdDot.dot(a, b)).as("length " + n).isCloseTo(Vectors.plainDot(a, b), within(1e-4 * n));
      assertThat(Vectors.dot(a, b)).isCloseTo(Vectors.plainDot(a, b), within(1e-4 * n));
    }
  }

  @Test
  void pgvectorsBinaryFormIsReadBack() {
    float[] v = {0.5f, -1.25f, 3f};
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * v.length);
    b.putShort((short) v.length).putShort((short) 0);
    for (float x : v) {
      b.putFloat(x);
    }
    assertThat(Vectors.fromPgBinary(b.array())).containsExactly(v);
  }
}
