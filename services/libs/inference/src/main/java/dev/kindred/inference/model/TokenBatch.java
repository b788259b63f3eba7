package dev.kindred.inference.model;

/**
 * A tokenized batch padded to its longest member, row-major {@code [batch, seqLen]}, in the
 * form both backends send to the model.
 */
public record TokenBatch(int batch, int seqLen, long[] inputIds, long[] attentionMask, long[] typeIds) {

  public long[] shape() {
    return new long[] {batch, seqLen};
  }
}
