package dev.kindred.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The metric code against examples computed by hand. */
class RankingMetricsTest {

  @Test
  void hitRateAndNdcgFollowTheRankOfTheSingleTarget() {
    RankingMetrics m = new RankingMetrics(30, null, new int[30], 4);
    int[] top = new int[20];
    for (int i = 0; i < 20; i++) {
      top[i] = i;
    }
    m.add(top, 0);  // rank 1: NDCG 1 at every cut-off
    m.add(top, 2);  // rank 3: 1/log2(4) = 0.5
    m.add(top, 6);  // rank 7: outside @5, 1/log2(8) = 1/3 at @10 and @20
    m.add(top, 25); // not in the list: 0
    assertThat(m.hr(5)).isCloseTo(2 / 4.0, within(1e-12));
    assertThat(m.hr(10)).isCloseTo(3 / 4.0, within(1e-12));
    assertThat(m.hr(20)).isCloseTo(3 / 4.0, within(1e-12));
    assertThat(m.ndcg(5)).isCloseTo((1 + 0.5) / 4, within(1e-12));
    assertThat(m.ndcg(10)).isCloseTo((1 + 0.5 + 1 / 3.0) / 4, within(1e-12));
    assertThat(m.ndcg(20)).isCloseTo((1 + 0.5 + 1 / 3.0) / 4, within(1e-12));
  }

  @Test
  void coverageDiversityAndNoveltyOverTheTopTen() {
    float[][] vectors = {{1, 0}, {1, 0}, {0, 1}, {0.6f, 0.8f}};
    int[] popularity = {8, 4, 2, 0};
    RankingMetrics m = new RankingMetrics(4, vectors, popularity, 8);
    m.add(new int[] {0, 1}, 3);
    m.add(new int[] {0, 2}, 3);
    // Items 0, 1, 2 recommended of 4.
    assertThat(m.coverage()).isCloseTo(0.75, within(1e-12));
    // Pairs: cos(0,1) = 1 → diversity 0; cos(0,2) = 0 → diversity 1; mean 0.5.
    assertThat(m.diversity()).isCloseTo(0.5, within(1e-9));
    // Self-information: item 0 −log2(8/8) = 0, item 1 −log2(4/8) = 1, item 2 −log2(2/8) = 2.
    assertThat(m.novelty()).isCloseTo(((0 + 1) / 2.0 + (0 + 2) / 2.0) / 2, within(1e-12));
  }

  @Test
  void topKSkipsExcludedItemsAndBreaksTiesByItemNumber() {
    double[] scores = {0.5, 0.9, 0.5, 0.1, 0.9};
    assertThat(TopK.of(scores, 3, new int[] {1})).containsExactly(4, 0, 2);
    assertThat(TopK.of(scores, 10, new int[0])).containsExactly(1, 4, 0, 2, 3);
  }
}
