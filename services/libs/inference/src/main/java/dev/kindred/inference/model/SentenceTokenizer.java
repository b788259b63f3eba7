package dev.kindred.inference.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The model's own WordPiece tokenizer (the {@code tokenizer.json} shipped with the weights, run by
 * the Hugging Face tokenizers library). Texts are truncated at {@code maxTokens} word pieces
 * including [CLS] and [SEP]; batches are padded here to their longest member, not to a fixed
 * length, so short texts cost little.
 */
public final class SentenceTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  SentenceTokenizer(InputStream tokenizerJson, int maxTokens) {
    // The native library ships inside the tokenizers jar; never look for it on the network.
    System.setProperty("offline", System.getProperty("offline", "true"));
    try (tokenizerJson) {
      tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
          "padding", "false", "truncation", "true", "maxLength", String.valueOf(maxTokens),
          "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer", e);
    }
  }

  public TokenBatch encode(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int seqLen = 1;
    for (Encoding e : encodings) {
      seqLen = Math.max(seqLen, e.getIds().length);
    }
    int batch = encodings.length;
    long[] ids = new long[batch * seqLen];
    long[] mask = new long[batch * seqLen];
    long[] types = new long[batch * seqLen];
    for (int b = 0; b < batch; b++) {
      long[] eIds = encodings[b].getIds();
      long[] eMask = encodings[b].getAttentionMask();
      long[] eTypes = encodings[b].getTypeIds();
      System.arraycopy(eIds, 0, ids, b * seqLen, eIds.length);
      System.arraycopy(eMask, 0, mask, b * seqLen, eMask.length);
      System.arraycopy(eTypes, 0, types, b * seqLen, eTypes.length);
    }
    return new TokenBatch(batch, seqLen, ids, mask, types);
  }

  /** Word pieces of one text including the special tokens, after truncation. */
  public int countTokens(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
