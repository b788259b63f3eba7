package dev.kindred.recommend.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.recommend.quality.service.QualityMetrics;
import dev.kindred.recommend.quality.service.QualityMetrics.Bucket;
import dev.kindred.recommend.quality.service.QualityMetrics.Catalogue;
import dev.kindred.recommend.quality.service.QualityMetrics.Shown;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each metric on lists small enough to work out by hand. */
class QualityMetricsTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:30:00Z");
  private static final Catalogue CATALOGUE = new Catalogue(Map.of(
      "a", new float[] {1, 0}, "b", new float[] {0, 1}, "c", new float[] {1, 0}),
      Map.of("a", 7.0), 7.0, 10);

  @Test
  void countsRatesLatencyClicksCoverageDiversityNoveltyAndExploration() {
    List<Shown> lists = new ArrayList<>();
    lists.add(new Shown("r1", NOW.minusSeconds(600), "home", List.of("a", "b"), List.of("interest/1", "explore/3"), 10.0));
    lists.add(new Shown("r2", NOW.minusSeconds(300), "home", List.of("a", "c"), List.of("interest/1", "co-visit"), 30.0));
    lists.add(new Shown("r0", NOW.minusSeconds(3 * 3600), "home", List.of("a"), List.of("trending"), null));
    Set<String> clicks = Set.of("r1\nb", "r2\na", "r9\na");
    List<Bucket> buckets = QualityMetrics.compute(lists, clicks, CATALOGUE, ChronoUnit.HOURS, NOW.minusSeconds(4 * 3600), NOW);

    assertThat(buckets).hasSize(5);   // 06:00 … 10:00
    Bucket b = buckets.get(4);
    assertThat(b.start()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(b.requests()).isEqualTo(2);
    assertThat(b.requestsPerSecond()).isCloseTo(2 / 1800.0, within(1e-4));   // 30 minutes of this hour so far
    assertThat(b.p50Ms()).isEqualTo(10.0);
    assertThat(b.p99Ms()).isEqualTo(30.0);
    assertThat(b.shown()).isEqualTo(4);
    assertThat(b.clicked()).isEqualTo(2);   // r9 served nothing in this window
    assertThat(b.ctr()).isEqualTo(0.5);
    assertThat(b.coverage()).isEqualTo(0.3);   // a, b, c of 10 live items
    assertThat(b.diversity()).isCloseTo(0.5, within(1e-9));   // r1: orthogonal (1), r2: same direction (0)
    // a: p = 8/17, b and c: p = 1/17 → (2·log2(17/8) + 2·log2(17)) / 4
    double expected = (2 * Math.log(17 / 8.0) + 2 * Math.log(17)) / Math.log(2) / 4;
    assertThat(b.novelty()).isCloseTo(expected, within(1e-3));
    assertThat(b.exploreShown()).isEqualTo(1);
    assertThat(b.exploreShare()).isEqualTo(0.25);
    assertThat(b.exploreCtr()).isEqualTo(1.0);

    Bucket early = buckets.get(1);
    assertThat(early.requests()).isEqualTo(1);
    assertThat(early.p99Ms()).isNull();      // logged before latency was recorded
    assertThat(early.diversity()).isNull();  // a one-item list has no pairs
    assertThat(buckets.get(0).ctr()).isNull();
    assertThat(buckets.get(0).requestsPerSecond()).isZero();
  }

  @Test
  void percentilesAreNearestRank() {
    List<Shown> lists = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      lists.add(new Shown("r" + i, NOW.minusSeconds(i), "home", List.of("a"), List.of("trending"), (double) i));
    }
    Bucket b = QualityMetrics.compute(lists, Set.of(), CATALOGUE, ChronoUnit.DAYS, NOW.minusSeconds(60), NOW).get(0);
    assertThat(b.p50Ms()).isEqualTo(50.0);
    assertThat(b.p99Ms()).isEqualTo(99.0);
  }
}
