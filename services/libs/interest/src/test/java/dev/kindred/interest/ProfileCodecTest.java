package dev.kindred.interest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {

  @Test
  void aProfileSurvivesTheRoundTripAndUpdatesContinueIdentically() {
    InterestUpdater updater = new InterestUpdater(InterestSettings.defaults());
    InterestProfile p = new InterestProfile("u1");
    Instant t = Instant.parse("2026-11-01T10:00:00Z");
    updater.apply(p, new Signal(new float[] {1, 0, 0}, 2, t, 1, "view", "a", "Alpha", Map.of("device", "mobile")));
    updater.apply(p, new Signal(new float[] {0, 1, 0}, 3, t.plusSeconds(60), 2, "purchase", "b", "Beta", Map.of()));
    updater.apply(p, new Signal(new float[] {0, 0, 1}, -5, t.plusSeconds(90), 3, "dislike", "c", "Gamma", Map.of()));
    p.clusters().get(0).label(new InterestLabel(List.of("Camping"), InterestLabel.TAXONOMY, 0.7));

    Map<Integer, float[]> centroids = ProfileCodec.unpackCentroids(ProfileCodec.packCentroids(p), 3);
    assertThat(centroids).hasSize(p.clusters().size());
    InterestProfile back = ProfileCodec.decode(ProfileCodec.encode(p), centroids);
    assertThat(ProfileCodec.encode(back)).isEqualTo(ProfileCodec.encode(p));
    assertThat(back.negatives().get(0).vector()).containsExactly(0, 0, 1);

    Signal next = new Signal(new float[] {1, 0.1f, 0}, 1, t.plusSeconds(120), 4, "view", "d", "Delta", Map.of());
    updater.apply(p, next);
    updater.apply(back, next);
    assertThat(ProfileCodec.encode(back)).isEqualTo(ProfileCodec.encode(p));
  }
}
