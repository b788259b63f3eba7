package dev.kindred.worker.config;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.EmbeddingModels;
import dev.kindred.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** The one embedding model of this process, chosen by the kindred.inference.* keys. */
@ApplicationScoped
public class InferenceProducer {

  @Produces
  @Singleton
  EmbeddingModel embeddingModel(Config config) {
    return EmbeddingModels.open(InferenceConfig.from(key -> config.getOptionalValue(key, String.class)));
  }

  void close(@Disposes EmbeddingModel model) {
    model.close();
  }
}
