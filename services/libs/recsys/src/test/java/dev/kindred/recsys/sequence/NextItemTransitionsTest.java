package dev.kindred.recsys.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Transition counts by hand: lag weights, row normalisation, recency of the history, unknown items. */
class NextItemTransitionsTest {

  @Test
  void whatFollowedTheLatestItemScoresHighestAndLagsCountLess() {
    // 0 → 1 → 2 three times, 0 → 3 once.
    List<int[]> seqs = List.of(new int[] {0, 1, 2}, new int[] {0, 1, 2}, new int[] {0, 1, 2}, new int[] {0, 3});
    NextItemTransitions m = NextItemTransitions.train(seqs, 5, 2);
    assertThat(m.weight(0, 1)).isEqualTo(3.0);
    assertThat(m.weight(0, 2)).isEqualTo(1.5);   // two steps later: 1/2 each
    assertThat(m.weight(0, 3)).isEqualTo(1.0);
    double[] afterZero = m.scores(new int[] {0}, 3);
    // Row of 0 totals 3 + 1.5 + 1 = 5.5.
    assertThat(afterZero[1]).isCloseTo(3 / 5.5, within(1e-9));
    assertThat(afterZero[2]).isCloseTo(1.5 / 5.5, within(1e-9));
    assertThat(afterZero[3]).isCloseTo(1 / 5.5, within(1e-9));
    assertThat(afterZero[4]).isZero();
  }

  @Test
  void theLatestItemOfTheHistoryWeighsMost() {
    List<int[]> seqs = List.of(new int[] {0, 1}, new int[] {2, 3});
    NextItemTransitions m = NextItemTransitions.train(seqs, 4, 1);
    double[] s = m.scores(new int[] {0, 2}, 2);   // 2 is the latest: 3 weighs 1, 1 weighs 1/2
    assertThat(s[3]).isEqualTo(1.0);
    assertThat(s[1]).isEqualTo(0.5);
    assertThat(m.scores(new int[] {0, 2}, 1)[1]).isZero();   // only the latest item considered
  }

  @Test
  void repeatsAndUnknownItemsAddNothing() {
    NextItemTransitions m = NextItemTransitions.train(List.of(new int[] {1, 1, 1}), 3, 3);
    assertThat(m.weight(1, 1)).isZero();
    assertThat(m.scores(new int[] {2, 7, -1}, 5)).containsOnly(0.0);
    assertThatThrownBy(() -> NextItemTransitions.train(List.of(), 3, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
