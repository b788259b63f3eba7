package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.sdk.DeliveryListener;
import dev.kindred.sdk.Event;
import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredClient.RecommendationRequest;
import dev.kindred.sdk.KindredConfig;
import dev.kindred.sdk.KindredException;
import dev.kindred.sdk.Results;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK against the real ingest, interest-worker and recommend services: a catalogue, a
 * user's behaviour tracked in batches, the profile the worker builds from it, explained
 * recommendations, consent, idempotency, rejected entries, problem details and the 429 quota.
 */
class JavaSdkIT {

  private static Stack stack;
  private static Stack.Tenant tenant;
  private static KindredClient kindred;
  private static final List<String> refused = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    stack = Stack.get();
    tenant = stack.onboard("sdk");
    kindred = new KindredClient(config().listener(new DeliveryListener() {
      @Override
      public void rejected(Event event, List<KindredException.FieldError> errors) {
        refused.add(errors.get(0).field());
      }
    }).build());
    DemoCatalogue.load(kindred);
  }

  @AfterAll
  static void stop() {
    if (kindred != null) {
      kindred.close();
    }
  }

  private static KindredConfig.Builder config() {
    return KindredConfig.builder().ingestUrl(stack.url("ingest")).recommendUrl(stack.url("recommend"))
        .ingestKey(tenant.ingestKey()).serveKey(tenant.serveKey()).flushInterval(Duration.ofMillis(200));
  }

  @Test
  void trackedBehaviourBecomesAnExplainedPersonalFeedAndConsentTurnsItOff() {
    Event twice = Event.view("ana", "camp-0");
    kindred.track(twice);
    kindred.track(Event.purchase("ana", "camp-1").quantity(1).price(249.0));
    kindred.track(Event.view("ana", "camp-2").dwellMs(40_000));
    kindred.track(Event.click("ana", "camp-3").context("device", "mobile"));
    kindred.track(Event.search("ana", "lightweight tent for hiking"));
    kindred.track(Event.view("ana", "x".repeat(300)));           // refused: the id is too long
    kindred.track(twice);                                         // the same event id: stored once
    assertThat(kindred.flush(Duration.ofSeconds(30))).isTrue();
    KindredClient.Stats s = kindred.stats();
    assertThat(s.accepted()).isGreaterThanOrEqualTo(5);
    assertThat(s.duplicates()).isGreaterThanOrEqualTo(1);
    assertThat(s.rejected()).isGreaterThanOrEqualTo(1);
    assertThat(refused).contains("itemId");

    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(kindred, "ana"));
    Results.Profile profile = kindred.profile("ana");
    // Supporting events are ana's own: camping items she engaged with (and her search, which has no item).
    assertThat(profile.interests().get(0).supportingEvents())
        .anyMatch(e -> e.itemId() != null && e.itemId().startsWith("camp-"));

    Results.Recommendations feed = kindred.recommendations("ana", RecommendationRequest.count(4));
    assertThat(feed.personalized()).isTrue();
    assertThat(feed.recommendationId()).isNotBlank();
    assertThat(feed.items()).isNotEmpty().allSatisfy(i -> assertThat(i.explanation().sentence()).isNotBlank());
    // Consumed items are not offered again; the nearest unseen camping gear leads.
    assertThat(feed.items()).extracting(Results.Item::itemId).doesNotContain("camp-0", "camp-1", "camp-2", "camp-3");
    assertThat(feed.items().get(0).itemId()).startsWith("camp-");
    // Attribution: a click on a served item carries its recommendationId.
    kindred.track(Event.click("ana", feed.items().get(0).itemId()).recommendation(feed.recommendationId()));

    assertThat(kindred.similar("camp-0", 3, "ana").items()).isNotEmpty();
    assertThat(kindred.rerank("ana", List.of("coffee-2", "camp-5")).items().get(0).itemId()).isEqualTo("camp-5");

    kindred.consent("ana", false, false);
    Results.Recommendations without = kindred.recommendations("ana", RecommendationRequest.count(4));
    assertThat(without.personalized()).isFalse();
    assertThat(without.note()).contains("consent");
    kindred.consent("ana", true, true);
  }

  @Test
  void refusalsComeBackAsProblemDetailsNamingTheField() {
    assertThatThrownBy(() -> kindred.recommendations("ana", RecommendationRequest.count(1000)))
        .isInstanceOfSatisfying(KindredException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errors()).extracting(KindredException.FieldError::field).containsExactly("count");
          assertThat(e.retryable()).isFalse();
        });
    assertThatThrownBy(() -> kindred.similar("no-such-item", 3, null))
        .isInstanceOfSatisfying(KindredException.class, e -> assertThat(e.status()).isEqualTo(404));
    try (KindredClient wrongKey = new KindredClient(config().serveKey("kd_srv_nope.nope").build())) {
      assertThatThrownBy(() -> wrongKey.trending(5, null))
          .isInstanceOfSatisfying(KindredException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    // An ingest key cannot read recommendations.
    try (KindredClient swapped = new KindredClient(config().serveKey(tenant.ingestKey()).build())) {
      assertThatThrownBy(() -> swapped.trending(5, null))
          .isInstanceOfSatisfying(KindredException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
  }

  @Test
  void overItsQuotaTheClientWaitsAsToldAndLosesNothing() throws Exception {
    Stack.Tenant limited = stack.onboard("quota");
    String token = stack.control.token();
    stack.control.call("PATCH", stack.url("control") + "/v1/tenants/" + limited.id() + "/settings", token,
        "application/merge-patch+json", "{\"quotas\": {\"requestsPerSecond\": 1}}", 200);
    KindredConfig cfg = KindredConfig.builder().ingestUrl(stack.url("ingest")).ingestKey(limited.ingestKey())
        .batchSize(1).flushInterval(Duration.ofMillis(1)).build();
    try (KindredClient c = new KindredClient(cfg)) {
      for (int i = 0; i < 6; i++) {
        c.track(Event.view("quota-user", "item-" + i));
      }
      assertThat(c.flush(Duration.ofSeconds(60))).isTrue();
      // Six single-event requests against 1 request/s (burst 2): some were refused with 429 and retried.
      assertThat(c.stats().accepted()).isEqualTo(6);
      assertThat(c.stats().retries()).isPositive();
      assertThat(c.stats().failed()).isZero();
    }
  }
}
