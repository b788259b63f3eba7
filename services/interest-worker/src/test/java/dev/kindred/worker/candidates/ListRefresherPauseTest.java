package dev.kindred.worker.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The refresher's pacing: idle when nothing was marked, flat out while the interest projection is
 * caught up, and yielding (backlogYield × its round) while the projection works through a backlog.
 */
class ListRefresherPauseTest {

  @Test
  void nothingMarkedWaitsTheIdleInterval() {
    assertThat(ListRefresher.pauseAfter(0, 40, true, 3, 50)).isEqualTo(50);
    assertThat(ListRefresher.pauseAfter(0, 40, false, 3, 50)).isEqualTo(50);
  }

  @Test
  void caughtUpProjectionLeavesTheRefresherRunningFlatOut() {
    assertThat(ListRefresher.pauseAfter(8, 40, false, 3, 50)).isZero();
  }

  @Test
  void backlogMakesTheRefresherYieldThreeTimesItsRound() {
    assertThat(ListRefresher.pauseAfter(8, 40, true, 3, 50)).isEqualTo(120);
    // A round faster than a millisecond still yields; a yield of 0 switches yielding off.
    assertThat(ListRefresher.pauseAfter(8, 0, true, 3, 50)).isEqualTo(3);
    assertThat(ListRefresher.pauseAfter(8, 40, true, 0, 50)).isZero();
  }
}
