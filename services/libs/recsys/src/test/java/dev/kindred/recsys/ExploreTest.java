package dev.kindred.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thompson sampling, slot rounding and the choice of adjacent areas, with fixed seeds. */
class ExploreTest {

  @Test
  void betaDrawsCentreOnTheObservedClickThrough() {
    Random r = new Random(1);
    double sum = 0;
    for (int i = 0; i < 4000; i++) {
      sum += ThompsonSampler.draw(1000, 300, r);
    }
    assertThat(sum / 4000).isCloseTo(301 / 1002.0, within(0.005));
    double uniform = 0;
    for (int i = 0; i < 4000; i++) {
      uniform += ThompsonSampler.draw(0, 0, r);
    }
    assertThat(uniform / 4000).isCloseTo(0.5, within(0.02));
  }

  @Test
  void slotsMatchTheBudgetOnAverage() {
    Random r = new Random(2);
    int total = 0;
    for (int i = 0; i < 10_000; i++) {
      total += ExplorePicker.slots(5, 0.1, r);
    }
    assertThat(total / 50_000.0).isCloseTo(0.1, within(0.003));
    assertThat(ExplorePicker.slots(10, 0.2, r)).isEqualTo(2);
    assertThat(ExplorePicker.slots(10, 0, r)).isZero();
  }

  @Test
  void armsAreTheNeighboursOfTheUsersHomeClustersAndTheOneThatGetsClicksWins() {
    List<ExplorePicker.ItemCluster> clusters = List.of(
        new ExplorePicker.ItemCluster(1, v(0), List.of(2, 3)),
        new ExplorePicker.ItemCluster(2, v(1), List.of(1, 3)),
        new ExplorePicker.ItemCluster(3, v(2), List.of(1, 4)),
        new ExplorePicker.ItemCluster(4, v(3), List.of(3)));
    // The user is into area 1 only: adjacent are 2 and 3, never 1 itself or 4 (a neighbour's neighbour).
    List<InterestCluster> user = List.of(new InterestCluster(7, v(0), 1.0, Instant.EPOCH));
    Map<Integer, ExplorePicker.Arm> stats = new HashMap<>();
    stats.put(2, new ExplorePicker.Arm(200, 60));
    stats.put(3, new ExplorePicker.Arm(200, 4));
    Random r = new Random(3);
    int first2 = 0;
    for (int i = 0; i < 1000; i++) {
      List<Integer> arms = ExplorePicker.arms(user, clusters, stats, 2, r);
      assertThat(arms).containsExactlyInAnyOrder(2, 3);
      if (arms.get(0) == 2) {
        first2++;
      }
    }
    assertThat(first2).isGreaterThan(990);
    assertThat(ExplorePicker.arms(List.of(), clusters, stats, 1, r)).isEmpty();
    assertThat(ExplorePicker.nearestInterest(v(0), user).id()).isEqualTo(7);
  }

  private static float[] v(int axis) {
    float[] x = new float[8];
    x[axis] = 1;
    return Vectors.normalize(x);
  }
}
