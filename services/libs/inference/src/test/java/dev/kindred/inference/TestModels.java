package dev.kindred.inference;

import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.model.ModelAssets;

/** One in-process model shared by the tests of this module (loading it takes about a second). */
public final class TestModels {

  private static OnnxEmbeddingModel embedded;

  private TestModels() {
  }

  public static synchronized OnnxEmbeddingModel embedded() {
    if (embedded == null) {
      embedded = new OnnxEmbeddingModel(ModelAssets.ALL_MINILM_L6_V2, 2, 32);
    }
    return embedded;
  }
}
