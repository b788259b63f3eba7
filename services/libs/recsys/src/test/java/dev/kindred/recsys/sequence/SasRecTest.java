package dev.kindred.recsys.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SasRecTest {

  private static final SasRecConfig SMALL = new SasRecConfig(8, 2, 6, 0f, 0, 1e-2f, 16, 60, 3, 5, 2, 7L);

  /** The analytic gradient of every tensor agrees with central differences of the loss. */
  @Test
  void backwardMatchesFiniteDifferences() {
    SasRecLayout layout = new SasRecLayout(7, 8, 2, 6);
    float[] p = layout.initialise(new Random(3), null);
    // Larger random gains/biases so no path is trivially zero.
    Random r = new Random(5);
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) r.nextGaussian() * 0.1f;
    }
    int[] seq = {3, 1, 4, 1, 5, 2, 6};
    int[] candidates = {0, 1, 2, 3, 4, 5, 6};
    float[] g = new float[p.length];
    analytic(layout, p, seq, candidates, g);
    int[] probes = {
        layout.itemEmbedding + 3 * 8 + 2, layout.itemEmbedding + 6 * 8 + 5, layout.positionEmbedding + 8 + 1,
        layout.blocks[0].wq() + 9, layout.blocks[0].wk() + 17, layout.blocks[0].wv() + 33, layout.blocks[0].wo() + 40,
        layout.blocks[0].w1() + 5, layout.blocks[0].w2() + 63, layout.blocks[0].ln1Gain() + 3,
        layout.blocks[0].ln2Bias() + 6, layout.blocks[1].bq() + 2, layout.blocks[1].w1() + 20,
        layout.blocks[1].ln1Bias() + 1, layout.finalGain + 4, layout.finalBias + 7};
    for (int at : probes) {
      float keep = p[at];
      double eps = 3e-3;
      p[at] = (float) (keep + eps);
      double up = loss(layout, p, seq, candidates);
      p[at] = (float) (keep - eps);
      double down = loss(layout, p, seq, candidates);
      p[at] = keep;
      double numeric = (up - down) / (2 * eps);
      assertThat(g[at]).as("gradient at %d", at).isCloseTo((float) numeric,
          org.assertj.core.data.Offset.offset((float) (2e-3 + 0.03 * Math.abs(numeric))));
    }
    assertThat(Arrays.stream(probes).filter(i -> Math.abs(g[i]) > 1e-4).count()).isGreaterThan(12);
  }

  private static double analytic(SasRecLayout l, float[] p, int[] seq, int[] candidates, float[] g) {
    SasRecPass pass = new SasRecPass(l);
    int n = Math.min(seq.length - 1, l.maxLength);
    int from = seq.length - 1 - n;
    pass.forward(p, seq, from, n, 0, null);
    float[] dOut = new float[n * l.dim];
    float[] dCandidatesT = new float[candidates.length * l.dim];
    double loss = SampledSoftmax.lossAndGradient(p, l, pass.out, n, seq, from + 1, candidates,
        SampledSoftmax.transposed(p, l, candidates), 1f, dOut, g, new float[candidates.length * n], dCandidatesT);
    SampledSoftmax.scatter(dCandidatesT, l, candidates, g);
    pass.backward(p, dOut, g);
    return loss;
  }

  private static double loss(SasRecLayout l, float[] p, int[] seq, int[] candidates) {
    return analytic(l, p, seq, candidates, new float[p.length]);
  }

  /** Users walk a fixed cycle of items from random starts: the model learns what comes next. */
  @Test
  void learnsWhatComesNext() {
    int items = 12;
    Random r = new Random(11);
    List<int[]> sequences = new ArrayList<>();
    for (int u = 0; u < 300; u++) {
      int start = r.nextInt(items);
      int[] s = new int[4 + r.nextInt(4)];
      for (int t = 0; t < s.length; t++) {
        s[t] = (start + t) % items;
      }
      sequences.add(s);
    }
    List<SasRecTrainer.Progress> seen = new ArrayList<>();
    SasRec model = SasRecTrainer.train(sequences, items, null, SMALL, seen::add);
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).loss()).isLessThan(seen.get(0).loss() + 1e-9);
    assertThat(model.validationNdcg()).isGreaterThan(0.9);
    int right = 0;
    for (int start = 0; start < items; start++) {
      int[] history = {start, (start + 1) % items, (start + 2) % items};
      float[] scores = model.scores(history);
      int best = 0;
      for (int i = 1; i < items; i++) {
        if (scores[i] > scores[best]) {
          best = i;
        }
      }
      right += best == (start + 3) % items ? 1 : 0;
    }
    assertThat(right).isGreaterThanOrEqualTo(11);
  }

  /** Order is what it learns: the same items in another order predict another next item. */
  @Test
  void orderChangesThePrediction() {
    List<int[]> sequences = new ArrayList<>();
    for (int u = 0; u < 200; u++) {
      // The last item of each sequence is held out for validation: the pattern is in the items before it.
      sequences.add(u % 2 == 0 ? new int[] {0, 1, 2, 3, 0} : new int[] {1, 0, 2, 4, 0});
    }
    SasRec model = SasRecTrainer.train(sequences, 5, null, SMALL.withNegatives(3).withEpochs(40, 40), null);
    float[] a = model.scores(new int[] {0, 1, 2});
    float[] b = model.scores(new int[] {1, 0, 2});
    assertThat(a[3]).isGreaterThan(a[4]);
    assertThat(b[4]).isGreaterThan(b[3]);
  }

  @Test
  void bytesRoundTripScoresIdentically() {
    List<int[]> sequences = List.of(new int[] {0, 1, 2, 3}, new int[] {2, 3, 4}, new int[] {4, 0, 1});
    SasRec model = SasRecTrainer.train(sequences, 5, null, SMALL.withEpochs(5, 5), null);
    SasRec back = SasRec.fromBytes(model.toBytes());
    assertThat(back.scores(new int[] {1, 2})).containsExactly(model.scores(new int[] {1, 2}));
    assertThat(back.trainedEpochs()).isEqualTo(model.trainedEpochs());
    byte[] cut = Arrays.copyOf(model.toBytes(), model.toBytes().length - 4);
    assertThatThrownBy(() -> SasRec.fromBytes(cut)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> SasRec.fromBytes(new byte[40])).hasMessageContaining("not a SASRec model");
  }

  @Test
  void rejectsWhatItCannotUse() {
    assertThatThrownBy(() -> SasRecTrainer.train(List.of(new int[] {1}), 3, null, SMALL, null))
        .hasMessageContaining("two items");
    SasRec model = SasRecTrainer.train(List.of(new int[] {0, 1, 2}), 3, null, SMALL.withEpochs(1, 1), null);
    assertThatThrownBy(() -> model.scores(new int[] {5})).hasMessageContaining("outside");
    assertThatThrownBy(() -> model.scores(new int[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> SMALL.withDropout(1f)).isInstanceOf(IllegalArgumentException.class);
    // Longer histories than the model's window use their latest items only.
    assertThat(model.scores(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2})).hasSize(3);
  }

  /** The tests run on the Vector API kernels (as the services do), and they agree with the plain loops. */
  @Test
  void vectorKernelsAgreeWithThePlainLoops() {
    assertThat(TensorOps.SIMD).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
    Random r = new Random(1);
    for (int len : new int[] {1, 15, 16, 64, 100, 517}) {
      float[] a = new float[len + 3];
      float[] b = new float[len + 5];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) r.nextGaussian();
      }
      assertThat(SimdKernels.dot(a, 3, b, 5, len)).isCloseTo(TensorOps.plainDot(a, 3, b, 5, len),
          org.assertj.core.data.Offset.offset(1e-3f * len));
      float[] y1 = b.clone();
      float[] y2 = b.clone();
      SimdKernels.axpy(0.7f, a, 3, y1, 5, len);
      for (int j = 0; j < len; j++) {
        y2[5 + j] += 0.7f * a[3 + j];
      }
      assertThat(y1).containsExactly(y2, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  /** Item vectors of another width seed the embeddings: the requested length, likeness kept, missing rows zero. */
  @Test
  void projectedItemVectorsKeepWhatIsAlike() {
    Random r = new Random(2);
    float[] a = new float[384];
    float[] far = new float[384];
    for (int i = 0; i < 384; i++) {
      a[i] = (float) r.nextGaussian();
      far[i] = (float) r.nextGaussian();
    }
    float[] near = a.clone();
    for (int i = 0; i < 384; i++) {
      near[i] += 0.2f * (float) r.nextGaussian();
    }
    float[][] p = SasRecTrainer.projected(new float[][] {a, near, far, null}, 64, 0.5f, 1L);
    assertThat(Math.sqrt(TensorOps.plainDot(p[0], 0, p[0], 0, 64))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-4));
    double nearCos = TensorOps.plainDot(p[0], 0, p[1], 0, 64) / 0.25;
    double farCos = TensorOps.plainDot(p[0], 0, p[2], 0, 64) / 0.25;
    assertThat(nearCos).isGreaterThan(0.9);
    assertThat(Math.abs(farCos)).isLessThan(0.4);
    assertThat(p[3]).containsOnly(0f);
  }
}
