package dev.kindred.inference;

import java.util.List;

/**
 * Turns texts into unit-length vectors whose cosine measures topical similarity. Implementations
 * are thread-safe. Texts longer than the model's window are truncated (see {@link #maxTokens()}),
 * an empty text is a valid input, a {@code null} text is rejected with {@link IllegalArgumentException}.
 */
public interface EmbeddingModel extends AutoCloseable {

  /** One vector per text, in input order; every vector has {@link #dimension()} components. */
  float[][] embed(List<String> texts);

  default float[] embed(String text) {
    return embed(List.of(text))[0];
  }

  int dimension();

  ModelId modelId();

  /** Word pieces per text, counting the two special tokens; the rest of a longer text is cut. */
  int maxTokens();

  @Override
  default void close() {
  }

  /** Rejects null texts with the index of the first one, before any work is done. */
  static void requireTexts(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null");
      }
    }
  }
}
