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

    Integer[] ids = p.clusters().stream().map(InterestCluster::id).toArray(Integer[]::new);
    java.io.ByteArrayOutputStream centroids = new java.io.ByteArrayOutputStream();
    p.clusters().forEach(c -> centroids.writeBytes(pgBinary(c.centroid())));
    assertThat(ids).hasSize(2);
    // The document carries no vector of record: the session's comes back from its column.
    assertThat(ProfileCodec.encode(p)).doesNotContain("\"vector\":\"" + ProfileCodec.vector(p.session()));
    InterestProfile back = ProfileCodec.decode(ProfileCodec.encode(p), ids, centroids.toByteArray(),
        pgBinary(p.session()));
    assertThat(back.session()).containsExactly(p.session());
    assertThat(ProfileCodec.encode(back)).isEqualTo(ProfileCodec.encode(p));
    assertThat(back.negatives().get(0).vector()).containsExactly(0, 0, 1);

    Signal next = new Signal(new float[] {1, 0.1f, 0}, 1, t.plusSeconds(120), 4, "view", "d", "Delta", Map.of());
    updater.apply(p, next);
    updater.apply(back, next);
    assertThat(ProfileCodec.encode(back)).isEqualTo(ProfileCodec.encode(p));
  }

  @Test
  void aDocumentWrittenBeforeTheSessionLeftItStillOpens() {
    String old = """
        {"userId":"u1","nextClusterId":1,"session":{"vector":"%s","weight":2.0,"at":"2026-11-01T10:00:00Z"},
         "clusters":[],"negatives":[]}""".formatted(ProfileCodec.vector(new float[] {0.5f, 0.25f}));
    InterestProfile p = ProfileCodec.decode(old, null, null, null);
    assertThat(p.session()).containsExactly(0.5f, 0.25f);
    assertThat(p.sessionWeight()).isEqualTo(2.0);
  }

  /** pgvector's binary form, as {@code vector_send} gives it. */
  static byte[] pgBinary(float[] v) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * v.length);
    b.putShort((short) v.length).putShort((short) 0);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }
}
