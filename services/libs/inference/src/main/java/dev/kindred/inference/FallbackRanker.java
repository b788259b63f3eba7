package dev.kindred.inference;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** Ranks on the primary (Triton) and, when it fails, in-process; counted and logged like embeddings. */
public final class FallbackRanker implements Ranker {

  private static final Logger LOG = Logger.getLogger(FallbackRanker.class);
  private final Ranker primary;
  private final Ranker fallback;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

  public FallbackRanker(Ranker primary, Ranker fallback) {
    if (!primary.modelId().equals(fallback.modelId())) {
      throw new IllegalArgumentException("primary ranker " + primary.modelId() + " and fallback "
          + fallback.modelId() + " differ");
    }
    this.primary = primary;
    this.fallback = fallback;
  }

  @Override
  public float[] score(FeatureMatrix features) {
    try {
      return primary.score(features);
    } catch (InferenceException e) {
      FallbackLog.note(LOG, "ranking", e, fallbacks.incrementAndGet(), lastLogged);
      return fallback.score(features);
    }
  }

  public long fallbacks() {
    return fallbacks.get();
  }

  @Override
  public ModelId modelId() {
    return primary.modelId();
  }

  @Override
  public void close() {
    primary.close();
    fallback.close();
  }
}
