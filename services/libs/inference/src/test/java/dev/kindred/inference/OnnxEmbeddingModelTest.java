package dev.kindred.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxEmbeddingModelTest {

  private final OnnxEmbeddingModel model = TestModels.embedded();

  @Test
  void paraphrasesAreCloserThanUnrelatedTextsByAMargin() {
    float[][] v = model.embed(List.of(
        "lightweight tent for backpacking trips",
        "ultralight shelter for hiking and camping",
        "cast iron skillet for searing steak",
        "a thriller novel about a detective in Oslo",
        "crime fiction set in Norway with an investigator"));
    double tents = Vectors.cosine(v[0], v[1]);
    double books = Vectors.cosine(v[3], v[4]);
    double unrelated = Math.max(Vectors.cosine(v[0], v[2]), Vectors.cosine(v[1], v[3]));
    assertThat(tents).isGreaterThan(unrelated + 0.25);
    assertThat(books).isGreaterThan(unrelated + 0.25);
  }

  @Test
  void vectorsAreUnitLengthAndHaveTheModelsDimension() {
    for (float[] v : model.embed(List.of("trail running shoes", "", "x"))) {
      assertThat(v).hasSize(384);
      assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }
    assertThat(model.modelId().name()).isEqualTo("all-minilm-l6-v2");
    assertThat(model.modelId().version()).matches("[0-9a-f]{12}");
  }

  @Test
  void aBatchGivesTheSameVectorsAsOneTextAtATimeAndRunsAreDeterministic() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      texts.add("item number " + i + " " + "with a description ".repeat(i % 7));
    }
    float[][] batched = model.embed(texts);
    float[][] again = model.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] single = model.embed(texts.get(i));
      assertThat(maxAbsDiff(batched[i], single)).as("text %d", i).isLessThan(1e-5f);
      assertThat(again[i]).containsExactly(batched[i]);
    }
  }

  @Test
  void longTextsAreTruncatedAtTheModelWindow() {
    String head = "mountain bike with hydraulic disc brakes and a carbon frame. ";
    String longText = head + "filler words about nothing in particular ".repeat(400);
    assertThat(model.tokenizer().countTokens(longText)).isEqualTo(model.maxTokens());
    float[] cut = model.embed(longText);
    float[] cutLonger = model.embed(longText + "completely different ending about cooking pasta ".repeat(50));
    // Everything beyond the window is ignored, so a different tail changes nothing.
    assertThat(maxAbsDiff(cut, cutLonger)).isLessThan(1e-6f);
  }

  @Test
  void nonLatinScriptsAndEmojiEmbedWithoutError() {
    float[][] v = model.embed(List.of("日本語のテキスト", "Привет, мир", "🏕️⛺🔥", "مرحبا بالعالم", "\u0000\t \n"));
    for (float[] x : v) {
      assertThat(norm(x)).isCloseTo(1.0, within(1e-5));
      assertThat(Arrays.stream(box(x)).allMatch(f -> Float.isFinite(f))).isTrue();
    }
  }

  @Test
  void nullTextsAreRejectedWithTheirIndex() {
    List<String> texts = new ArrayList<>(List.of("a", "b"));
    texts.add(null);
    assertThatThrownBy(() -> model.embed(texts)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("texts[2]");
    assertThatThrownBy(() -> model.embed((List<String>) null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(model.embed(List.of())).isEmpty();
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static Float[] box(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
