package dev.kindred.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The update rule with hand-made vectors whose answers can be worked out on paper. */
class InterestUpdaterTest {

  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final float[] X = {1, 0, 0};
  private static final float[] Y = {0, 1, 0};
  private static final float[] Z = {0, 0, 1};
  private static final float[] NEAR_X = unit(0.95f, 0.3122f, 0);

  private final InterestSettings settings = new InterestSettings(Map.of("view", 1.0, "purchase", 8.0), 30, 2,
      0.55, 0.80, 30, 3, 5, 6);
  private final InterestUpdater updater = new InterestUpdater(settings);

  @Test
  void aSimilarSignalJoinsTheClusterAndMovesItsCentroidByWeight() {
    InterestProfile p = new InterestProfile("u");
    assertThat(updater.apply(p, signal(X, 1, T0, 1))).isEqualTo(InterestUpdater.Outcome.OPENED);
    assertThat(updater.apply(p, signal(NEAR_X, 3, T0, 2))).isEqualTo(InterestUpdater.Outcome.ASSIGNED);
    InterestCluster c = p.clusters().get(0);
    // centroid = normalize(1·X + 3·NEAR_X) = normalize(3.85, 0.9366, 0)
    double n = Math.hypot(3.85, 0.9366);
    assertThat(c.centroid()[0]).isCloseTo((float) (3.85 / n), within(1e-4f));
    assertThat(c.centroid()[1]).isCloseTo((float) (0.9366 / n), within(1e-4f));
    assertThat(c.weight()).isCloseTo(4.0, within(1e-9));
    assertThat(c.events()).isEqualTo(2);
    assertThat(c.support()).extracting(SupportingEvent::seq).containsExactly(2L, 1L);
  }

  @Test
  void anUnrelatedSignalOpensANewClusterAndBeyondKTheWeakestOtherGoes() {
    InterestProfile p = new InterestProfile("u");
    updater.apply(p, signal(X, 5, T0, 1));
    updater.apply(p, signal(Y, 1, T0, 2));
    assertThat(updater.apply(p, signal(Z, 2, T0, 3))).isEqualTo(InterestUpdater.Outcome.OPENED_AND_EVICTED);
    assertThat(p.clusters()).extracting(InterestCluster::id).containsExactly(1, 3);
  }

  @Test
  void beyondKTheTwoMostAlikeMergeWhenCloseEnough() {
    InterestSettings loose = new InterestSettings(Map.of(), 30, 2, 0.99, 0.90, 30, 3, 5, 6);
    InterestUpdater u = new InterestUpdater(loose);
    InterestProfile p = new InterestProfile("u");
    u.apply(p, signal(X, 1, T0, 1));
    u.apply(p, signal(Y, 1, T0, 2));
    // cos(X, NEAR_X) = 0.95: below the 0.99 assignment threshold, above the 0.90 merge threshold.
    assertThat(u.apply(p, signal(NEAR_X, 1, T0, 3))).isEqualTo(InterestUpdater.Outcome.OPENED_AND_MERGED);
    assertThat(p.clusters()).hasSize(2);
    assertThat(p.cluster(1).orElseThrow().weight()).isCloseTo(2.0, within(1e-9));
    assertThat(p.cluster(3)).isEmpty();
  }

  @Test
  void weightsHalveEachHalfLifeAndLateSignalsArriveDecayed() {
    InterestProfile p = new InterestProfile("u");
    updater.apply(p, signal(X, 8, T0, 1));
    updater.apply(p, signal(Y, 1, T0.plus(Duration.ofDays(30)), 2));
    assertThat(p.cluster(1).orElseThrow().weight()).isCloseTo(4.0, within(1e-6));
    // An event that happened 30 days before the profile's clock counts half.
    updater.apply(p, signal(X, 2, T0, 3));
    assertThat(p.cluster(1).orElseThrow().weight()).isCloseTo(5.0, within(1e-6));
  }

  @Test
  void negativeFeedbackIsRecordedWeakensTheInterestAndHideTopicMutesIt() {
    InterestProfile p = new InterestProfile("u");
    updater.apply(p, signal(X, 5, T0, 1));
    updater.apply(p, signal(Y, 5, T0, 2));
    assertThat(updater.apply(p, new Signal(X, -2, T0, 3, "dislike", "i-x", "X thing", Map.of())))
        .isEqualTo(InterestUpdater.Outcome.NEGATIVE);
    assertThat(p.cluster(1).orElseThrow().weight()).isCloseTo(3.0, within(1e-9));
    assertThat(p.negatives()).extracting(NegativeInterest::reason).containsExactly("dislike");
    updater.apply(p, new Signal(Y, -1, T0, 4, "hide_topic", null, null, Map.of()));
    assertThat(p.cluster(2).orElseThrow().muted()).isTrue();
    updater.apply(p, new Signal(X, -10, T0, 5, "not_interested", "i-x", null, Map.of()));
    assertThat(p.cluster(1)).isEmpty();
  }

  @Test
  void deletingAnInterestTurnsItIntoANegative() {
    InterestProfile p = new InterestProfile("u");
    updater.apply(p, signal(X, 5, T0, 1));
    assertThat(updater.delete(p, 1, T0)).isTrue();
    assertThat(p.clusters()).isEmpty();
    assertThat(p.negatives().get(0).reason()).isEqualTo("deleted_interest");
    assertThat(updater.delete(p, 42, T0)).isFalse();
  }

  @Test
  void theSessionVectorFollowsRecentSignalsAndContextIsCounted() {
    InterestProfile p = new InterestProfile("u");
    updater.apply(p, new Signal(X, 1, T0, 1, "view", "a", "A", Map.of("daypart", "evening")));
    updater.apply(p, new Signal(Y, 1, T0.plus(Duration.ofHours(3)), 2, "view", "b", "B", Map.of("daypart", "night")));
    assertThat(p.session()[1]).isGreaterThan(0.99f);
    assertThat(p.cluster(1).orElseThrow().context()).containsEntry("daypart=evening", 1);
  }

  @Test
  void theSameSignalsGiveTheSameProfile() {
    InterestProfile a = new InterestProfile("u");
    InterestProfile b = new InterestProfile("u");
    for (int i = 0; i < 20; i++) {
      Signal s = signal(i % 3 == 0 ? X : i % 3 == 1 ? NEAR_X : Z, 1 + i % 4, T0.plusSeconds(i * 60L), i);
      updater.apply(a, s);
      updater.apply(b, s);
    }
    assertThat(a.clusters()).hasSameSizeAs(b.clusters());
    for (int i = 0; i < a.clusters().size(); i++) {
      assertThat(a.clusters().get(i).centroid()).containsExactly(b.clusters().get(i).centroid());
      assertThat(a.clusters().get(i).weight()).isEqualTo(b.clusters().get(i).weight());
    }
  }

  static Signal signal(float[] v, double w, Instant at, long seq) {
    return new Signal(v, w, at, seq, "view", "item-" + seq, "Item " + seq, Map.of());
  }

  static float[] unit(float... v) {
    return dev.kindred.inference.Vectors.normalize(v.clone());
  }
}
