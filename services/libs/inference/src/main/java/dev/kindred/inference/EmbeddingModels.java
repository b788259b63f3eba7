package dev.kindred.inference;

import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.model.ModelAssets;
import dev.kindred.inference.triton.TritonEmbeddingModel;
import org.jboss.logging.Logger;

/**
 * Builds the embedding model a service uses from its {@link InferenceConfig}: the in-process model
 * always (it is the Triton path's fallback), Triton in front of it when configured, and the cache
 * in front of both.
 */
public final class EmbeddingModels {

  private static final Logger LOG = Logger.getLogger(EmbeddingModels.class);

  private EmbeddingModels() {
  }

  public static EmbeddingModel open(InferenceConfig config) {
    ModelAssets assets = ModelAssets.named(config.model());
    EmbeddingModel embedded = new OnnxEmbeddingModel(assets, config.threads(), config.maxBatch());
    EmbeddingModel chosen = embedded;
    if ("triton".equals(config.backend())) {
      TritonEmbeddingModel triton = new TritonEmbeddingModel(assets, config.triton());
      try {
        triton.verify();
        LOG.infof("embedding on Triton at %s (model %s)", config.triton().url(), config.triton().model());
      } catch (InferenceException e) {
        // Start anyway: calls fall back in-process until Triton answers.
        LOG.warnf("Triton check failed (%s); falling back in-process until it answers", e.getMessage());
      }
      chosen = new FallbackEmbeddingModel(triton, embedded);
    }
    LOG.infof("embedding model %s (%s backend, %d dims)", chosen.modelId(), config.backend(), chosen.dimension());
    return new CachingEmbeddingModel(chosen, config.cacheEntries());
  }
}
