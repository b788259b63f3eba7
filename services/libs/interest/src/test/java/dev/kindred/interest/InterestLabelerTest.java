package dev.kindred.interest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterestLabelerTest {

  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  @Test
  void aClusterNearACategoryTakesItsName() {
    InterestLabeler labeler = new InterestLabeler(List.of(
        new TaxonomyEntry("Camping", "tents", new float[] {1, 0, 0}),
        new TaxonomyEntry("Coffee", "beans", new float[] {0, 1, 0})), TermStats.of(List.of()), 0.5, 0.05);
    InterestCluster c = new InterestCluster(1, InterestUpdaterTest.unit(0.9f, 0.1f, 0.1f), 1, T0);
    c.record(new Signal(c.centroid(), 1, T0, 1, "view", "a", "Apex dome tent", Map.of()), 10);
    c.record(new Signal(c.centroid(), 1, T0, 2, "view", "b", "Orbit dome tent", Map.of()), 10);
    InterestLabel label = labeler.label(c);
    assertThat(label.words()).containsExactly("Camping");
    assertThat(label.detail()).contains("dome", "tent");
    assertThat(label.source()).isEqualTo(InterestLabel.TAXONOMY);
    assertThat(label.confidence()).isGreaterThan(0.9);
  }

  @Test
  void farFromEveryCategoryTheDistinctiveTitleWordsAreUsed() {
    TermStats stats = TermStats.of(List.of("Apex kayak paddle", "Orbit kayak helmet", "Apex coffee grinder",
        "Orbit espresso cup", "Apex tea pot", "Orbit river kayak"));
    InterestLabeler labeler = new InterestLabeler(List.of(new TaxonomyEntry("Coffee", "", new float[] {0, 1, 0})),
        stats, 0.5, 0.05);
    InterestCluster c = new InterestCluster(1, new float[] {0, 0, 1}, 1, T0);
    c.record(new Signal(new float[] {0, 0, 1}, 1, T0, 1, "view", "a", "Apex kayak paddle", Map.of()), 10);
    c.record(new Signal(new float[] {0, 0, 1}, 1, T0, 2, "view", "b", "Orbit river kayak", Map.of()), 10);
    InterestLabel label = labeler.label(c);
    assertThat(label.source()).isEqualTo(InterestLabel.TERMS);
    assertThat(label.words()).first().isEqualTo("kayak");
    assertThat(label.confidence()).isEqualTo(1.0);
  }

  @Test
  void statedInterestsAreSplitIntoPhrases() {
    assertThat(StatedInterests.phrases("I'm into trail running and ultralight camping"))
        .containsExactly("trail running", "ultralight camping");
    assertThat(StatedInterests.phrases("I love coffee, tea & board games; also sci-fi novels"))
        .containsExactly("coffee", "tea", "board games", "sci-fi novels");
    assertThat(StatedInterests.phrases("  ")).isEmpty();
    assertThat(StatedInterests.phrases(null)).isEmpty();
  }
}
