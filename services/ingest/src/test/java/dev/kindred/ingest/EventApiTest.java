package dev.kindred.ingest;

import dev.kindred.tenancy.testing.TestTenants;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/events and /v1/feedback against the real database: the bad-input list included. */
@QuarkusTest
class EventApiTest {
  @Inject
  Pool pool;

  TestTenants.T tenant;

  @BeforeEach
  void tenant() {
    tenant = TestTenants.create(pool);
    withKey(tenant.ingestKey()).body(List.of(Map.of("id", "known-1", "title", "Trail running shoe")))
        .put("/v1/items").then().statusCode(200);
  }

  RequestSpecification withKey(String key) {
    return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
  }

  long stored(UUID tenantId, String sql, Object... args) {
    return TenantTx.run(pool, tenantId, c -> c.preparedQuery(sql).execute(Tuple.from(args)))
        .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
  }

  static Map<String, Object> view(String user, String item) {
    Map<String, Object> m = new HashMap<>();
    m.put("eventId", UUID.randomUUID().toString());
    m.put("type", "view");
    m.put("userId", user);
    m.put("itemId", item);
    return m;
  }

  @Test
  void concurrentBatchesOfOverlappingNewUsersAreAllStored() throws Exception {
    // Four clients send batches of views by random first-time users of one pool: their keys are
    // created by concurrent transactions, which must queue on each other (keys are inserted in one
    // order), never deadlock into a 500 (bench scale found that).
    int clients = 4;
    int rounds = 12;
    var threads = java.util.concurrent.Executors.newFixedThreadPool(clients);
    List<java.util.concurrent.Future<Integer>> posts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      java.util.Random r = new java.util.Random(c);
      posts.add(threads.submit(() -> {
        int accepted = 0;
        for (int round = 0; round < rounds; round++) {
          List<Map<String, Object>> events = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            events.add(view("crowd-" + r.nextInt(3000), "known-1"));
          }
          var res = withKey(tenant.ingestKey()).body(Map.of("events", events)).post("/v1/events").then().extract();
          assertThat(res.statusCode()).as(res.body().asString()).isEqualTo(200);
          accepted += res.jsonPath().getInt("accepted");
        }
        return accepted;
      }));
    }
    int accepted = 0;
    for (var p : posts) {
      accepted += p.get(120, java.util.concurrent.TimeUnit.SECONDS);
    }
    threads.shutdown();
    assertThat(accepted).isEqualTo(clients * rounds * 200);
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE type = 'ItemViewed'")).isEqualTo(accepted);
  }

  @Test
  void aValidBatchIsStoredInOrderWithAllItsFields() {
    Map<String, Object> search = Map.of("type", "search", "userId", "u1", "query", "waterproof jacket",
        "context", Map.of("device", "mobile"));
    Map<String, Object> purchase = Map.of("type", "purchase", "userId", "u1", "itemId", "known-1", "quantity", 2,
        "price", 89.5, "occurredAt", "2026-01-02T10:00:00Z");
    withKey(tenant.ingestKey()).body(Map.of("events", List.of(view("u1", "known-1"), search, purchase)))
        .post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(3)).body("duplicates", equalTo(0)).body("rejected", equalTo(0))
        .body("results[1].id", notNullValue());
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE stream_key = '" + sk("u1") + "'")).isEqualTo(3);
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE type = 'ItemPurchased' AND "
        + "occurred_at = '2026-01-02T10:00:00Z'")).isEqualTo(1);
    // Payloads of a user's stream are sealed with the user's key: nothing readable in the table,
    // everything back when opened through the store; the raw user id is nowhere in the row.
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE payload::text LIKE '%waterproof%' "
        + "OR payload::text LIKE '%mobile%' OR stream_key = 'u1'")).isZero();
    var opened = TenantTx.run(pool, tenant.id(), c -> new dev.kindred.eventstore.EventStore().readRecent(c, tenant.id(),
        List.of("SearchPerformed", "ItemPurchased"), 1)).await().atMost(Duration.ofSeconds(10));
    assertThat(opened).hasSize(2);
    var searched = (dev.kindred.events.SearchPerformed) opened.get(0).event();
    var bought = (dev.kindred.events.ItemPurchased) opened.get(1).event();
    assertThat(searched.query()).isEqualTo("waterproof jacket");
    assertThat(searched.context()).containsEntry("device", "mobile");
    assertThat(bought.quantity()).isEqualTo(2);
    assertThat(bought.price()).isEqualTo(89.5);
  }

  @Test
  void aTenantThatDropsBehaviourWithoutConsentStoresNoneOfIt() {
    Map<String, Object> settings = dev.kindred.tenancy.TenantSettings.defaults().toMap();
    settings.put("eventsWithoutConsent", "drop");
    TestTenants.T strict = TestTenants.create(pool, dev.kindred.tenancy.TenantSettings.fromMap(settings));
    withKey(strict.ingestKey()).body(Map.of("personalization", false, "analytics", false))
        .put("/v1/users/nc/consent").then().statusCode(200);
    withKey(strict.ingestKey()).body(Map.of("personalization", false, "analytics", true))
        .put("/v1/users/half/consent").then().statusCode(200);
    withKey(strict.ingestKey()).body(List.of(view("nc", "x-1"), view("ok", "x-1"), view("half", "x-1"), view("nc", "x-2")))
        .post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(2)).body("dropped", equalTo(2)).body("rejected", equalTo(0))
        .body("results[0].status", equalTo("dropped")).body("results[0].warnings", hasItem("no_consent"))
        .body("results[2].status", equalTo("accepted"));
    // Only the consent record is in the stream of the user who withdrew both.
    String nc = TenantTx.run(pool, strict.id(), c -> dev.kindred.eventstore.privacy.UserKeys.find(c, strict.id(), "nc"))
        .await().indefinitely().pseudonym();
    assertThat(stored(strict.id(), "SELECT count(*) FROM events WHERE stream_key = $1", nc)).isEqualTo(1);
    // Consent given again: stored again, from the next batch on.
    withKey(strict.ingestKey()).body(Map.of("personalization", true, "analytics", true))
        .put("/v1/users/nc/consent").then().statusCode(200);
    withKey(strict.ingestKey()).body(view("nc", "x-3")).post("/v1/events").then().statusCode(200).body("accepted", equalTo(1));
    // The default tenant keeps such behaviour (unused for anything personal).
    withKey(tenant.ingestKey()).body(Map.of("personalization", false, "analytics", false))
        .put("/v1/users/nc/consent").then().statusCode(200);
    withKey(tenant.ingestKey()).body(view("nc", "known-1")).post("/v1/events").then().statusCode(200).body("accepted", equalTo(1));
  }

  @Test
  void duplicateEventIdsAreCountedNotStoredTwice() {
    Map<String, Object> e = view("u2", "known-1");
    withKey(tenant.ingestKey()).body(List.of(e, e)).post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(1)).body("duplicates", equalTo(1));
    withKey(tenant.ingestKey()).body(e).post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(0)).body("duplicates", equalTo(1)).body("results[0].status", equalTo("duplicate"));
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE event_id = $1",
        UUID.fromString((String) e.get("eventId")))).isEqualTo(1);
    // The same event id in another tenant is a different event.
    TestTenants.T other = TestTenants.create(pool);
    withKey(other.ingestKey()).body(e).post("/v1/events").then().statusCode(200).body("accepted", equalTo(1));
  }

  @Test
  void aMixedBatchStoresTheValidEventsAndNamesEachInvalidField() {
    List<Object> batch = new ArrayList<>();
    batch.add(view("u3", "known-1"));
    batch.add(Map.of("type", "teleport", "userId", "u3"));                     // 1: unknown type
    batch.add(Map.of("type", "view", "userId", "u3"));                         // 2: missing item
    batch.add(Map.of("type", "rating", "userId", "u3", "itemId", "known-1", "rating", 11)); // 3: out of range
    batch.add(Map.of("type", "search", "userId", "u3", "query", "x".repeat(501)));          // 4: text over limit
    batch.add(Map.of("type", "view", "userId", "u3", "itemId", "known-1",
        "occurredAt", Instant.now().plusSeconds(3600).toString()));             // 5: far future
    batch.add(Map.of("type", "view", "userId", "u3", "itemId", "known-1", "colour", "red"));  // 6: unknown field
    batch.add("just a string");                                               // 7: not an object
    batch.add(Map.of("type", "view", "userId", "u3", "itemId", "known-1", "eventId", "nope")); // 8: bad uuid
    withKey(tenant.ingestKey()).body(batch).post("/v1/events").then().statusCode(207)
        .body("accepted", equalTo(1)).body("rejected", equalTo(8))
        .body("errors.index", hasItems(1, 2, 3, 4, 5, 6, 7, 8))
        .body("errors.field", hasItems("type", "itemId", "rating", "query", "occurredAt", "colour", "eventId"));
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE stream_key = '" + sk("u3") + "'")).isEqualTo(1);
  }

  @Test
  void nothingValidIsA400ProblemAndMalformedJsonSaysWhere() {
    withKey(tenant.ingestKey()).body(List.of(Map.of("type", "view"))).post("/v1/events").then().statusCode(400)
        .contentType("application/problem+json").body("errors.field", hasItems("userId", "itemId"));
    withKey(tenant.ingestKey()).body("{\"type\": \"view\", ").post("/v1/events").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("malformed JSON"));
    withKey(tenant.ingestKey()).body("[]").post("/v1/events").then().statusCode(400);
    withKey(tenant.ingestKey()).body("42").post("/v1/events").then().statusCode(400);
    String deep = "[".repeat(100) + "]".repeat(100);
    withKey(tenant.ingestKey()).body(deep).post("/v1/events").then().statusCode(400);
  }

  @Test
  void oversizedBatchesAndBodiesAre413() {
    List<Object> batch = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      batch.add(view("u4", "known-1"));
    }
    withKey(tenant.ingestKey()).body(batch).post("/v1/events").then().statusCode(413)
        .contentType("application/problem+json").body("detail", containsString("1000"));
    String huge = "{\"type\":\"search\",\"userId\":\"u\",\"query\":\"" + "y".repeat(6 * 1024 * 1024) + "\"}";
    withKey(tenant.ingestKey()).body(huge).post("/v1/events").then().statusCode(413);
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE stream_key = '" + sk("u4") + "'")).isZero();
  }

  @Test
  void unknownAndOtherTenantsItemsAreAcceptedButFlagged() {
    TestTenants.T other = TestTenants.create(pool);
    withKey(other.ingestKey()).body(List.of(Map.of("id", "theirs-1", "title", "Secret item")))
        .put("/v1/items").then().statusCode(200);
    withKey(tenant.ingestKey()).body(List.of(view("u5", "nowhere-1"), view("u5", "theirs-1"), view("u5", "known-1")))
        .post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(3))
        .body("results[0].warnings", hasItem("unknown_item"))
        .body("results[1].warnings", hasItem("unknown_item"))
        .body("results[2].warnings", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void outOfOrderEventsKeepTheirOccurredAtAndGetIncreasingSequence() {
    Map<String, Object> late = view("u6", "known-1");
    late.put("occurredAt", "2026-03-01T00:00:00Z");
    Map<String, Object> early = view("u6", "known-1");
    early.put("occurredAt", "2025-03-01T00:00:00Z");
    withKey(tenant.ingestKey()).body(late).post("/v1/events").then().statusCode(200);
    withKey(tenant.ingestKey()).body(early).post("/v1/events").then().statusCode(200);
    assertThat(stored(tenant.id(), """
        SELECT count(*) FROM events a JOIN events b ON a.stream_key = b.stream_key
        WHERE a.stream_key = '%s' AND a.seq < b.seq AND a.occurred_at > b.occurred_at
        """.formatted(sk("u6")))).isEqualTo(1);
  }

  @Test
  void feedbackKindsAreValidatedAndStored() {
    withKey(tenant.ingestKey()).body(List.of(
            Map.of("userId", "u7", "itemId", "known-1", "kind", "not_interested", "recommendationId", "r-1"),
            Map.of("userId", "u7", "kind", "hide_topic", "topic", "horror"),
            Map.of("userId", "u7", "kind", "hide_topic"),
            Map.of("userId", "u7", "kind", "meh", "itemId", "known-1"),
            Map.of("userId", "u7", "kind", "dislike")))
        .post("/v1/feedback").then().statusCode(207)
        .body("accepted", equalTo(2)).body("errors.index", hasItems(2, 3, 4));
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE type = 'FeedbackGiven' AND stream_key = '" + sk("u7") + "'"))
        .isEqualTo(2);
  }

  @Test
  void keysAreCheckedForPresenceScopeAndRevocation() {
    given().contentType(ContentType.JSON).body(view("u8", "known-1")).post("/v1/events").then().statusCode(401)
        .contentType("application/problem+json");
    withKey("kd_ing_0000000000.wrongsecret").body(view("u8", "known-1")).post("/v1/events").then().statusCode(401);
    withKey("garbage").body(view("u8", "known-1")).post("/v1/events").then().statusCode(401);
    withKey(tenant.serveKey()).body(view("u8", "known-1")).post("/v1/events").then().statusCode(403)
        .body("detail", containsString("ingest"));
    given().header("X-Api-Key", tenant.ingestKey()).contentType(ContentType.JSON).body(view("u8", "known-1"))
        .post("/v1/events").then().statusCode(200);
    TestTenants.revoke(pool, tenant);
    withKey(tenant.ingestKey()).body(view("u8", "known-1")).post("/v1/events").then().statusCode(401);
    assertThat(stored(tenant.id(), "SELECT count(*) FROM events WHERE stream_key = '" + sk("u8") + "'")).isEqualTo(1);
  }

  @Test
  void aKeyOverItsQuotaGets429WithRetryAfter() {
    TestTenants.T slow = TestTenants.create(pool, TestTenants.withRate(2));
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 12; i++) {
      var r = withKey(slow.ingestKey()).body(view("u9", "x")).post("/v1/events");
      if (r.statusCode() == 429) {
        limited++;
        retryAfter = r.header("Retry-After");
        assertThat(r.contentType()).contains("application/problem+json");
      }
    }
    assertThat(limited).isGreaterThan(0);
    assertThat(Integer.parseInt(retryAfter)).isGreaterThanOrEqualTo(1);
  }

  /** The pseudonym the store keeps for a user id (their stream key); "none" when it has none. */
  String sk(String user) {
    var key = TenantTx.run(pool, tenant.id(), c -> dev.kindred.eventstore.privacy.UserKeys.find(c, tenant.id(), user))
        .await().atMost(Duration.ofSeconds(10));
    return key == null ? "none" : key.pseudonym();
  }
}
