package dev.kindred.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdkBasicsTest {

  @Test
  void eventBuildersMakeTheWireShapeOfEachType() {
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    Map<String, Object> p = Event.purchase("u-1", "sku-7").quantity(2).price(19.9).recommendation("r-1")
        .context("device", "mobile").at(at).toJson();
    assertThat(p).containsEntry("type", "purchase").containsEntry("userId", "u-1").containsEntry("itemId", "sku-7")
        .containsEntry("quantity", 2).containsEntry("price", 19.9).containsEntry("recommendationId", "r-1")
        .containsEntry("occurredAt", "2026-11-20T10:00:00Z").containsEntry("context", Map.of("device", "mobile"));
    assertThat(Event.search("u", "tent").toJson()).containsEntry("query", "tent").doesNotContainKey("itemId");
    assertThat(Event.feedback("u", Event.Feedback.NOT_INTERESTED, "x").toJson()).containsEntry("kind", "not_interested");
    assertThat(Event.review("u", "x", "great").stars(9).toJson()).containsEntry("text", "great").containsEntry("rating", 9.0);
    // Each built event has its own id; refining keeps it (so a retry is recognised as the same event).
    Event v = Event.view("u", "x");
    assertThat(v.eventId()).isNotEqualTo(Event.view("u", "x").eventId());
    assertThat(v.dwellMs(1200).eventId()).isEqualTo(v.eventId());
    assertThatThrownBy(() -> Event.view(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("userId");
  }

  @Test
  void backoffGrowsExponentiallyUpToItsCapWithJitterAndRetryAfterWins() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    assertThat(b.ceilingMillis(0)).isEqualTo(100);
    assertThat(b.ceilingMillis(3)).isEqualTo(800);
    assertThat(b.ceilingMillis(5)).isEqualTo(2000);
    assertThat(b.ceilingMillis(62)).isEqualTo(2000);
    for (int i = 0; i < 100; i++) {
      assertThat(b.delay(3, null).toMillis()).isBetween(0L, 800L);
    }
    KindredException limited = new KindredException(429, "Too Many Requests", null, null, 3);
    assertThat(b.delay(0, limited)).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3100));
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    assertThat(Http.retryAfterSeconds("7")).isEqualTo(7);
    assertThat(Http.retryAfterSeconds(null)).isEqualTo(-1);
    assertThat(Http.retryAfterSeconds("soon")).isEqualTo(-1);
    String inTen = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(10).atOffset(ZoneOffset.UTC));
    assertThat(Http.retryAfterSeconds(inTen)).isBetween(8L, 10L);
  }

  @Test
  void configRejectsImpossibleSettings() {
    assertThatThrownBy(() -> KindredConfig.builder().batchSize(1001).build()).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> KindredConfig.builder().queueCapacity(0).build()).hasMessageContaining("queueCapacity");
    KindredClient noIngest = new KindredClient(KindredConfig.builder().recommendUrl("http://127.0.0.1:1").build());
    assertThatThrownBy(() -> noIngest.track(Event.view("u", "x"))).hasMessageContaining("ingestUrl");
    assertThatThrownBy(() -> noIngest.profile("u")).hasMessageContaining("API key");
    noIngest.close();
  }
}
