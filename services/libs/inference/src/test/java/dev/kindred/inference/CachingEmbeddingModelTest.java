package dev.kindred.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEmbeddingModelTest {

  /** Records which texts reach the real model. */
  private static final class Recording implements EmbeddingModel {
    final List<String> seen = new ArrayList<>();

    @Override
    public float[][] embed(List<String> texts) {
      seen.addAll(texts);
      return TestModels.embedded().embed(texts);
    }

    @Override
    public int dimension() {
      return 384;
    }

    @Override
    public ModelId modelId() {
      return TestModels.embedded().modelId();
    }

    @Override
    public int maxTokens() {
      return 256;
    }
  }

  @Test
  void repeatedTextsAreEmbeddedOnceAndComeBackEqual() {
    Recording real = new Recording();
    CachingEmbeddingModel cached = new CachingEmbeddingModel(real, 100);
    float[][] first = cached.embed(List.of("red wine", "white wine"));
    float[][] second = cached.embed(List.of("white wine", "rosé", "red wine"));
    assertThat(real.seen).containsExactly("red wine", "white wine", "rosé");
    assertThat(second[0]).containsExactly(first[1]);
    assertThat(second[2]).containsExactly(first[0]);
    assertThat(cached.hits()).isEqualTo(2);
    assertThat(cached.misses()).isEqualTo(3);
    // Callers may change what they got without corrupting the cache.
    second[0][0] = 42f;
    assertThat(cached.embed("white wine")[0]).isEqualTo(first[1][0]);
  }

  @Test
  void theLeastRecentlyUsedEntryIsEvictedBeyondTheBound() {
    Recording real = new Recording();
    CachingEmbeddingModel cached = new CachingEmbeddingModel(real, 2);
    cached.embed(List.of("a", "b"));
    cached.embed("a");
    cached.embed("c");
    cached.embed(List.of("a", "b"));
    assertThat(real.seen).containsExactly("a", "b", "c", "b");
  }
}
