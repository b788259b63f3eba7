package dev.kindred.inference;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Uses the primary model (Triton) and, when it fails, the fallback (the same weights in-process).
 * Every fallback is counted and logged — the first one and then at most one line per minute — so a
 * dead GPU server is visible, never silent. Both models must report the same {@link ModelId}, or
 * vectors from the two would be mixed.
 */
public final class FallbackEmbeddingModel implements EmbeddingModel {

  private static final Logger LOG = Logger.getLogger(FallbackEmbeddingModel.class);
  private final EmbeddingModel primary;
  private final EmbeddingModel fallback;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

  public FallbackEmbeddingModel(EmbeddingModel primary, EmbeddingModel fallback) {
    if (!primary.modelId().equals(fallback.modelId())) {
      throw new IllegalArgumentException("primary model " + primary.modelId()
          + " and fallback model " + fallback.modelId() + " differ");
    }
    this.primary = primary;
    this.fallback = fallback;
  }

  @Override
  public float[][] embed(List<String> texts) {
    EmbeddingModel.requireTexts(texts);
    try {
      return primary.embed(texts);
    } catch (InferenceException e) {
      FallbackLog.note(LOG, "embedding", e, fallbacks.incrementAndGet(), lastLogged);
      return fallback.embed(texts);
    }
  }

  /** How many calls were answered by the fallback. */
  public long fallbacks() {
    return fallbacks.get();
  }

  @Override
  public int dimension() {
    return primary.dimension();
  }

  @Override
  public ModelId modelId() {
    return primary.modelId();
  }

  @Override
  public int maxTokens() {
    return primary.maxTokens();
  }

  @Override
  public void close() {
    primary.close();
    fallback.close();
  }
}
