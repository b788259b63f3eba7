package dev.kindred.recsys.sequence;

import static dev.kindred.recsys.sequence.TensorOps.layerNorm;
import static dev.kindred.recsys.sequence.TensorOps.layerNormBackward;
import static dev.kindred.recsys.sequence.TensorOps.linear;
import static dev.kindred.recsys.sequence.TensorOps.linearBackward;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One sequence through the network, forward and (after a forward with the same inputs) backward,
 * with every activation the backward pass needs kept in this object's buffers — one instance per
 * thread, reused for every sequence. Sequences are right-aligned: the last item always sits at the
 * last position, as in SASRec's left padding, without computing the padding.
 */
final class SasRecPass {

  private final SasRecLayout l;
  private final int d;
  private final int cap;
  private int n;
  private final float[] x0;
  private final float[] mask0;
  private final float[][] xin;
  private final float[][] xhat1;
  private final float[][] rstd1;
  private final float[][] a;
  private final float[][] q;
  private final float[][] k;
  private final float[][] v;
  private final float[][] att;
  private final float[][] o;
  private final float[][] mask1;
  private final float[][] x1;
  private final float[][] xhat2;
  private final float[][] rstd2;
  private final float[][] c;
  private final float[][] h1;
  private final float[][] mask2;
  private final float[] xlast;
  private final float[] xhatF;
  private final float[] rstdF;
  /** The output: one d-vector per position, the user's state after that item. */
  final float[] out;
  private final float[] t1;
  private final float[] t2;
  private final float[] t3;
  private final float[] t4;
  private final float[] t5;
  private final float[] t6;
  private final float[] dScores;
  private int[] inputs;

  SasRecPass(SasRecLayout layout) {
    this.l = layout;
    this.d = layout.dim;
    this.cap = layout.maxLength;
    int nd = cap * d;
    int blocks = layout.blocks.length;
    x0 = new float[nd];
    mask0 = new float[nd];
    xin = new float[blocks][nd];
    xhat1 = new float[blocks][nd];
    rstd1 = new float[blocks][cap];
    a = new float[blocks][nd];
    q = new float[blocks][nd];
    k = new float[blocks][nd];
    v = new float[blocks][nd];
    att = new float[blocks][cap * cap];
    o = new float[blocks][nd];
    mask1 = new float[blocks][nd];
    x1 = new float[blocks][nd];
    xhat2 = new float[blocks][nd];
    rstd2 = new float[blocks][cap];
    c = new float[blocks][nd];
    h1 = new float[blocks][nd];
    mask2 = new float[blocks][nd];
    xlast = new float[nd];
    xhatF = new float[nd];
    rstdF = new float[cap];
    out = new float[nd];
    t1 = new float[nd];
    t2 = new float[nd];
    t3 = new float[nd];
    t4 = new float[nd];
    t5 = new float[nd];
    t6 = new float[nd];
    dScores = new float[cap];
  }

  int length() {
    return n;
  }

  SasRecLayout layout() {
    return l;
  }

  /** Runs {@code items[from..from+n)}; dropout only when {@code random} is given. */
  void forward(float[] p, int[] items, int from, int count, float dropout, SplittableRandom random) {
    if (count < 1 || count > cap) {
      throw new IllegalArgumentException("sequence length " + count + " outside 1.." + cap);
    }
    n = count;
    inputs = Arrays.copyOfRange(items, from, from + count);
    int posStart = cap - n;
    for (int t = 0; t < n; t++) {
      int e = l.itemEmbedding + inputs[t] * d;
      int pe = l.positionEmbedding + (posStart + t) * d;
      for (int j = 0; j < d; j++) {
        x0[t * d + j] = p[e + j] + p[pe + j];
      }
    }
    float[] x = dropout(x0, mask0, dropout, random);
    for (int b = 0; b < l.blocks.length; b++) {
      SasRecLayout.Block w = l.blocks[b];
      System.arraycopy(x, 0, xin[b], 0, n * d);
      layerNorm(xin[b], n, d, p, w.ln1Gain(), w.ln1Bias(), xhat1[b], rstd1[b], a[b]);
      linear(a[b], n, d, p, w.wq(), w.bq(), d, q[b]);
      linear(a[b], n, d, p, w.wk(), w.bk(), d, k[b]);
      linear(a[b], n, d, p, w.wv(), w.bv(), d, v[b]);
      attend(b);
      linear(o[b], n, d, p, w.wo(), w.bo(), d, t1);
      dropout(t1, mask1[b], dropout, random);
      for (int i = 0; i < n * d; i++) {
        x1[b][i] = xin[b][i] + t1[i];
      }
      layerNorm(x1[b], n, d, p, w.ln2Gain(), w.ln2Bias(), xhat2[b], rstd2[b], c[b]);
      linear(c[b], n, d, p, w.w1(), w.b1(), d, h1[b]);
      for (int i = 0; i < n * d; i++) {
        t2[i] = Math.max(0, h1[b][i]);
      }
      linear(t2, n, d, p, w.w2(), w.b2(), d, t1);
      dropout(t1, mask2[b], dropout, random);
      for (int i = 0; i < n * d; i++) {
        xlast[i] = x1[b][i] + t1[i];
      }
      x = xlast;
    }
    layerNorm(xlast, n, d, p, l.finalGain, l.finalBias, xhatF, rstdF, out);
  }

  /** Causal single-head attention: o_i = Σ_{j≤i} softmax_j(q_i·k_j/√d) v_j. */
  private void attend(int b) {
    float scale = (float) (1 / Math.sqrt(d));
    float[] probs = att[b];
    for (int i = 0; i < n; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        float s = TensorOps.dot(q[b], i * d, k[b], j * d, d) * scale;
        probs[i * cap + j] = s;
        max = Math.max(max, s);
      }
      float sum = 0;
      for (int j = 0; j <= i; j++) {
        float e = (float) Math.exp(probs[i * cap + j] - max);
        probs[i * cap + j] = e;
        sum += e;
      }
      Arrays.fill(o[b], i * d, i * d + d, 0f);
      for (int j = 0; j <= i; j++) {
        probs[i * cap + j] /= sum;
        TensorOps.axpy(probs[i * cap + j], v[b], j * d, o[b], i * d, d);
      }
    }
  }

  private float[] dropout(float[] x, float[] mask, float rate, SplittableRandom random) {
    if (random == null || rate == 0) {
      Arrays.fill(mask, 0, n * d, 1f);
      return x;
    }
    float keep = 1f / (1 - rate);
    for (int i = 0; i < n * d; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : keep;
      x[i] *= mask[i];
    }
    return x;
  }

  /** Accumulates into {@code g} the gradients of the loss whose gradient w.r.t. {@link #out} is {@code dOut}. */
  void backward(float[] p, float[] dOut, float[] g) {
    int nd = n * d;
    float[] dx = t1;
    Arrays.fill(dx, 0, nd, 0f);
    layerNormBackward(dOut, xhatF, rstdF, n, d, p, l.finalGain, l.finalBias, g, dx);
    for (int b = l.blocks.length - 1; b >= 0; b--) {
      SasRecLayout.Block w = l.blocks[b];
      // Feed-forward: x2 = x1 + drop(W2·relu(W1·LN2(x1)))
      for (int i = 0; i < nd; i++) {
        t2[i] = dx[i] * mask2[b][i];
        t3[i] = Math.max(0, h1[b][i]);
      }
      linearBackward(t3, t2, n, d, d, p, w.w2(), w.b2(), g, t4, false);
      for (int i = 0; i < nd; i++) {
        if (h1[b][i] <= 0) {
          t4[i] = 0;
        }
      }
      linearBackward(c[b], t4, n, d, d, p, w.w1(), w.b1(), g, t5, false);
      layerNormBackward(t5, xhat2[b], rstd2[b], n, d, p, w.ln2Gain(), w.ln2Bias(), g, dx);
      // Attention: x1 = x + drop(Wo·attend(LN1(x)))
      for (int i = 0; i < nd; i++) {
        t2[i] = dx[i] * mask1[b][i];
      }
      linearBackward(o[b], t2, n, d, d, p, w.wo(), w.bo(), g, t3, false);
      attendBackward(b, t3, t4, t5, t6);
      linearBackward(a[b], t4, n, d, d, p, w.wq(), w.bq(), g, t2, false);
      linearBackward(a[b], t5, n, d, d, p, w.wk(), w.bk(), g, t2, true);
      linearBackward(a[b], t6, n, d, d, p, w.wv(), w.bv(), g, t2, true);
      layerNormBackward(t2, xhat1[b], rstd1[b], n, d, p, w.ln1Gain(), w.ln1Bias(), g, dx);
    }
    int posStart = cap - n;
    for (int t = 0; t < n; t++) {
      int e = l.itemEmbedding + inputs[t] * d;
      int pe = l.positionEmbedding + (posStart + t) * d;
      for (int j = 0; j < d; j++) {
        float gj = dx[t * d + j] * mask0[t * d + j];
        g[e + j] += gj;
        g[pe + j] += gj;
      }
    }
  }

  /** From dO to dQ, dK, dV through the causal softmax. */
  private void attendBackward(int b, float[] dO, float[] dQ, float[] dK, float[] dV) {
    float scale = (float) (1 / Math.sqrt(d));
    float[] probs = att[b];
    int nd = n * d;
    Arrays.fill(dQ, 0, nd, 0f);
    Arrays.fill(dK, 0, nd, 0f);
    Arrays.fill(dV, 0, nd, 0f);
    float[] dP = dScores;
    for (int i = 0; i < n; i++) {
      float weighted = 0;
      for (int j = 0; j <= i; j++) {
        float pij = probs[i * cap + j];
        dP[j] = TensorOps.dot(dO, i * d, v[b], j * d, d);
        weighted += pij * dP[j];
        TensorOps.axpy(pij, dO, i * d, dV, j * d, d);
      }
      for (int j = 0; j <= i; j++) {
        float ds = probs[i * cap + j] * (dP[j] - weighted) * scale;
        TensorOps.axpy(ds, k[b], j * d, dQ, i * d, d);
        TensorOps.axpy(ds, q[b], i * d, dK, j * d, d);
      }
    }
  }
}
