package dev.kindred.recsys.sequence;

import java.util.List;

/**
 * A trained {@link SasRec} as an ONNX graph, for Triton's onnxruntime backend or any ONNX runtime:
 * input {@code history} (int64 [n], the user's latest items as the model's indices, oldest first,
 * 1 ≤ n ≤ maxLength), output {@code scores} (float [items], every item's score as the next one) —
 * the same numbers {@link SasRec#scores} computes, node for node: embeddings plus right-aligned
 * positions, pre-norm blocks of causal single-head attention and a ReLU feed-forward layer, a final
 * layer norm, the last position's state against every item embedding.
 */
public final class SasRecOnnx {

  public static final String INPUT = "history";
  public static final String OUTPUT = "scores";

  private SasRecOnnx() {
  }

  public static byte[] export(SasRec model) {
    SasRecLayout l = model.layout();
    float[] p = model.parameters();
    int d = l.dim;
    int len = l.maxLength;
    OnnxGraph g = new OnnxGraph();
    g.input(INPUT, OnnxGraph.INT64, "n");
    g.output(OUTPUT, OnnxGraph.FLOAT, (long) l.items);
    String items = g.floats("item_embedding", p, l.itemEmbedding, l.items, d);
    String positions = g.floats("position_embedding", p, l.positionEmbedding, len, d);
    float[] causal = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        causal[i * len + j] = -1e9f;
      }
    }
    String mask = g.floats("causal_mask", causal, 0, len, len);
    String maxLength = g.longs("max_length", new long[] {len}, 1);
    String zeros = g.longs("zeros", new long[] {0, 0}, 2);
    String axis0 = g.longs("axis0", new long[] {0}, 1);
    String axes01 = g.longs("axes01", new long[] {0, 1}, 2);
    String last = g.longs("last", new long[] {-1});
    String scale = g.floats("scale", new float[] {(float) (1 / Math.sqrt(d))}, 0);

    // Right-aligned positions: the latest item always at position maxLength − 1, as in training.
    String n = g.node("Shape", List.of(INPUT));
    String start = g.node("Sub", List.of(maxLength, n));
    String pos = g.node("Slice", List.of(positions, start, maxLength, axis0));
    String x = g.node("Add", List.of(g.node("Gather", List.of(items, INPUT), "axis", 0L), pos));
    String nn = g.node("Concat", List.of(n, n), "axis", 0L);
    String causalN = g.node("Slice", List.of(mask, zeros, nn, axes01));
    for (int b = 0; b < l.blocks.length; b++) {
      SasRecLayout.Block w = l.blocks[b];
      String prefix = "block" + b + ".";
      String a = layerNorm(g, x, p, prefix + "ln1", w.ln1Gain(), w.ln1Bias(), d);
      String q = dense(g, a, p, prefix + "q", w.wq(), w.bq(), d);
      String k = dense(g, a, p, prefix + "k", w.wk(), w.bk(), d);
      String v = dense(g, a, p, prefix + "v", w.wv(), w.bv(), d);
      String scores = g.node("MatMul", List.of(q, g.node("Transpose", List.of(k), "perm", new long[] {1, 0})));
      String masked = g.node("Add", List.of(g.node("Mul", List.of(scores, scale)), causalN));
      String attended = g.node("MatMul", List.of(g.node("Softmax", List.of(masked), "axis", -1L), v));
      String x1 = g.node("Add", List.of(x, dense(g, attended, p, prefix + "o", w.wo(), w.bo(), d)));
      String c = layerNorm(g, x1, p, prefix + "ln2", w.ln2Gain(), w.ln2Bias(), d);
      String h = g.node("Relu", List.of(dense(g, c, p, prefix + "ff1", w.w1(), w.b1(), d)));
      x = g.node("Add", List.of(x1, dense(g, h, p, prefix + "ff2", w.w2(), w.b2(), d)));
    }
    String out = layerNorm(g, x, p, "final_ln", l.finalGain, l.finalBias, d);
    String state = g.node("Gather", List.of(out, last), "axis", 0L);
    g.named(OUTPUT, "MatMul", List.of(items, state));
    return g.model("sasrec", "kindred-recsys");
  }

  private static String dense(OnnxGraph g, String in, float[] p, String name, int w, int b, int d) {
    String weight = g.floats(name + ".weight", p, w, d, d);
    String bias = g.floats(name + ".bias", p, b, d);
    return g.node("Add", List.of(g.node("MatMul", List.of(in, weight)), bias));
  }

  private static String layerNorm(OnnxGraph g, String in, float[] p, String name, int gain, int bias, int d) {
    return g.node("LayerNormalization", List.of(in, g.floats(name + ".gain", p, gain, d), g.floats(name + ".bias", p,
        bias, d)), "axis", -1L, "epsilon", TensorOps.LAYER_NORM_EPS);
  }
}
