package dev.kindred.recsys.sequence;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A trained SASRec model (Kang &amp; McAuley, ICDM 2018: a causal transformer over a user's item
 * sequence, item embeddings tied between input and output): scores every item as the user's next
 * one. Immutable and thread-safe; each thread keeps its own scratch buffers. Trained by
 * {@link SasRecTrainer}; stored as bytes ({@link #toBytes()}) with its shape in a small header.
 */
public final class SasRec {

  private static final int MAGIC = 0x53415352; // "SASR"
  private static final int FORMAT = 1;
  private final SasRecLayout layout;
  private final float[] params;
  private final int trainedEpochs;
  private final double validationNdcg;
  private final ThreadLocal<SasRecPass> passes;

  private SasRec(SasRecLayout layout, float[] params, int trainedEpochs, double validationNdcg) {
    this.layout = layout;
    this.params = params;
    this.trainedEpochs = trainedEpochs;
    this.validationNdcg = validationNdcg;
    this.passes = ThreadLocal.withInitial(() -> new SasRecPass(layout));
  }

  static SasRec of(SasRecLayout layout, float[] params) {
    return new SasRec(layout, params, 0, Double.NaN);
  }

  SasRec withTraining(int epochs, double ndcg) {
    return new SasRec(layout, params, epochs, ndcg);
  }

  public int items() {
    return layout.items;
  }

  public int dim() {
    return layout.dim;
  }

  public int maxLength() {
    return layout.maxLength;
  }

  public int blocks() {
    return layout.blocks.length;
  }

  /** The epoch whose parameters were kept (best validation), 0 when not trained here. */
  public int trainedEpochs() {
    return trainedEpochs;
  }

  /** Validation NDCG@10 of the kept parameters (NaN when not trained here). */
  public double validationNdcg() {
    return validationNdcg;
  }

  /** The user's state after {@code history} (time order, latest last; only the last maxLength count). */
  public float[] state(int[] history) {
    int n = Math.min(history.length, layout.maxLength);
    if (n == 0) {
      throw new IllegalArgumentException("an empty history has no state");
    }
    for (int i = history.length - n; i < history.length; i++) {
      if (history[i] < 0 || history[i] >= layout.items) {
        throw new IllegalArgumentException("item index " + history[i] + " outside 0.." + (layout.items - 1));
      }
    }
    SasRecPass pass = passes.get();
    pass.forward(params, history, history.length - n, n, 0, null);
    float[] s = new float[layout.dim];
    System.arraycopy(pass.out, (n - 1) * layout.dim, s, 0, layout.dim);
    return s;
  }

  /** Every item's score as the next one after {@code history}: the state's dot product with the item's embedding. */
  public float[] scores(int[] history) {
    float[] s = state(history);
    float[] out = new float[layout.items];
    for (int i = 0; i < layout.items; i++) {
      out[i] = TensorOps.dot(s, 0, params, layout.itemEmbedding + i * layout.dim, layout.dim);
    }
    return out;
  }

  /** The model as bytes: a header (format, items, dim, blocks, maxLength, epochs) and the parameters, little-endian. */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(7 * 4 + 8 + params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(FORMAT).putInt(layout.items).putInt(layout.dim).putInt(layout.blocks.length)
        .putInt(layout.maxLength).putInt(trainedEpochs).putDouble(validationNdcg);
    b.asFloatBuffer().put(params);
    return b.array();
  }

  public static SasRec fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 36 || b.getInt() != MAGIC || b.getInt() != FORMAT) {
      throw new IllegalArgumentException("not a SASRec model (format " + FORMAT + ")");
    }
    SasRecLayout layout = new SasRecLayout(b.getInt(), b.getInt(), b.getInt(), b.getInt());
    int epochs = b.getInt();
    double ndcg = b.getDouble();
    if (b.remaining() != layout.size * 4) {
      throw new IllegalArgumentException("SASRec model truncated: " + b.remaining() + " bytes of parameters, "
          + layout.size * 4 + " expected");
    }
    float[] params = new float[layout.size];
    b.asFloatBuffer().get(params);
    return new SasRec(layout, params, epochs, ndcg);
  }

  /** For the trainer's tests and the ONNX export: the flat parameters and their layout. */
  float[] parameters() {
    return params;
  }

  SasRecLayout layout() {
    return layout;
  }
}
