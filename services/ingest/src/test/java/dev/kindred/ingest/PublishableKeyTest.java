package dev.kindred.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.tenancy.EndUserToken;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.web.EndUserTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A page's publishable key against real ingest and PostgreSQL: events for an anonymous visitor, for
 * the user a token names and for nobody else; the privacy centre for oneself only; origins and the
 * per-client rate; the beacon's token in the body; identify merging the visitor into the user.
 */
@QuarkusTest
class PublishableKeyTest {

  private static final String VISITOR = "anon-7d1e0a5c-3b2f-4e6a-9c8d-1f2e3d4c5b6a";
  @Inject
  Pool pool;
  TestTenants.T tenant;

  @BeforeEach
  void tenant() {
    tenant = TestTenants.create(pool);
    given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(ContentType.JSON)
        .body(List.of(Map.of("id", "tent-1", "title", "Ultralight tent"), Map.of("id", "tent-2", "title", "Tarp")))
        .put("/v1/items").then().statusCode(200);
  }

  RequestSpecification page(String token) {
    RequestSpecification r = given().header("Authorization", "Bearer " + tenant.publishableKey()).contentType(ContentType.JSON);
    return token == null ? r : r.header(EndUserTokens.HEADER, token);
  }

  String token(String user) {
    return EndUserToken.sign(EndUserTokens.secretFor(tenant.id(), tenant.tokenKeyId()), user, Duration.ofMinutes(10));
  }

  long events(String user) {
    String pseudonym = TenantTx.run(pool, tenant.id(), c -> UserKeys.find(c, tenant.id(), user)).await().indefinitely()
        .pseudonym();
    return TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("SELECT count(*) FROM events WHERE stream_key = $1")
        .execute(Tuple.of(pseudonym))).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
  }

  static Map<String, Object> view(String user, String item) {
    return Map.of("eventId", UUID.randomUUID().toString(), "type", "view", "userId", user, "itemId", item);
  }

  @Test
  void aPageTracksItsAnonymousVisitorAndItsLoggedInUserButNobodyElse() {
    page(null).body(List.of(view(VISITOR, "tent-1"))).post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(1));
    // Another user's id without a token: nothing stored, the field named.
    page(null).body(List.of(view(VISITOR, "tent-2"), view("alice", "tent-1"))).post("/v1/events").then().statusCode(401)
        .contentType("application/problem+json").body("detail", containsString("events[1].userId"));
    page(token("alice")).body(List.of(view("alice", "tent-1"))).post("/v1/events").then().statusCode(200);
    page(token("bob")).body(List.of(view("alice", "tent-2"))).post("/v1/events").then().statusCode(403);
    page(token("alice")).body(List.of(Map.of("kind", "like", "userId", "alice", "itemId", "tent-2")))
        .post("/v1/feedback").then().statusCode(200);
    page(null).body(List.of(Map.of("kind", "like", "userId", "alice", "itemId", "tent-2")))
        .post("/v1/feedback").then().statusCode(401);
    assertThat(events(VISITOR)).isEqualTo(1);
    assertThat(events("alice")).isEqualTo(2);
    // The catalogue, jobs and other users' data are for secret keys only.
    page(null).body(List.of(Map.of("id", "x", "title", "X"))).put("/v1/items").then().statusCode(403)
        .body("detail", containsString("secret key"));
    page(token("alice")).delete("/v1/items/tent-1").then().statusCode(403);
    page(null).get("/v1/users/alice/export").then().statusCode(401);
    page(token("bob")).get("/v1/users/alice/export").then().statusCode(403);
    page(null).delete("/v1/users/alice").then().statusCode(401);
  }

  @Test
  void forgedExpiredAndForeignTokensAreRefused() {
    String secret = EndUserTokens.secretFor(tenant.id(), tenant.tokenKeyId());
    Instant now = Instant.now();
    String expired = EndUserToken.sign(secret, tenant.tokenKeyId(), "alice", now.minusSeconds(900), now.minusSeconds(120));
    page(expired).body(List.of(view("alice", "tent-1"))).post("/v1/events").then().statusCode(401)
        .body("detail", containsString("expired"));
    String forged = token("alice");
    forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
    page(forged).body(List.of(view("alice", "tent-1"))).post("/v1/events").then().statusCode(401)
        .body("detail", containsString("signature"));
    TestTenants.T other = TestTenants.create(pool);
    String foreign = EndUserToken.sign(EndUserTokens.secretFor(other.id(), other.tokenKeyId()), "alice", Duration.ofMinutes(5));
    page(foreign).body(List.of(view("alice", "tent-1"))).post("/v1/events").then().statusCode(401);
    page("not-a-token").body(List.of(view(VISITOR, "tent-1"))).post("/v1/events").then().statusCode(401);
    // A secret key ignores the header: servers act for any user.
    given().header("Authorization", "Bearer " + tenant.ingestKey()).header(EndUserTokens.HEADER, "not-a-token")
        .contentType(ContentType.JSON).body(List.of(view("alice", "tent-1"))).post("/v1/events").then().statusCode(200);
  }

  @Test
  void theEndUserRunsTheirOwnPrivacyCentre() {
    page(token("carol")).body(List.of(view("carol", "tent-1"))).post("/v1/events").then().statusCode(200);
    page(token("carol")).body(Map.of("text", "ultralight camping")).put("/v1/users/carol/interests").then().statusCode(200);
    page(token("carol")).get("/v1/users/carol/export").then().statusCode(200).body("userId", equalTo("carol"))
        .body("events.size()", equalTo(2));
    page(token("carol")).body(Map.of("personalization", false, "analytics", true)).put("/v1/users/carol/consent")
        .then().statusCode(200);
    page(token("carol")).delete("/v1/users/carol").then().statusCode(202).body("status", equalTo("PENDING"));
    // The visitor's own consent banner works without a token.
    page(null).body(Map.of("personalization", false, "analytics", false)).put("/v1/users/" + VISITOR + "/consent")
        .then().statusCode(200);
    // The audit log names the end-user's action by key, never by the person.
    List<String> actors = TenantTx.run(pool, tenant.id(), c -> c.query("SELECT actor FROM audit_log ORDER BY id").execute())
        .await().atMost(Duration.ofSeconds(10)).stream().map(r -> r.getString("actor")).toList();
    assertThat(actors).isNotEmpty().allMatch(a -> a.equals("end-user:" + tenant.publishableKey().substring(0,
        tenant.publishableKey().indexOf('.'))));
  }

  @Test
  void identifyMovesTheVisitorsHistoryToTheUserOnceAndErasesTheVisitor() {
    String visitor = "anon-" + UUID.randomUUID();
    page(null).body(List.of(view(visitor, "tent-1"), view(visitor, "tent-2"))).post("/v1/events").then().statusCode(200);
    page(null).body(Map.of("personalization", true, "analytics", true)).put("/v1/users/" + visitor + "/consent")
        .then().statusCode(200);
    page(token("dave")).body(List.of(view("dave", "tent-1"))).post("/v1/events").then().statusCode(200);
    // Only with the user's own token, and only into a real user id.
    page(null).body(Map.of("anonymousId", visitor)).post("/v1/users/dave/identify").then().statusCode(401);
    page(token("erin")).body(Map.of("anonymousId", visitor)).post("/v1/users/dave/identify").then().statusCode(403);
    page(token("dave")).body(Map.of("anonymousId", "dave-2")).post("/v1/users/dave/identify").then().statusCode(400)
        .body("errors[0].field", equalTo("anonymousId"));
    page(token("dave")).body(Map.of("anonymousId", visitor)).post("/v1/users/dave/identify").then().statusCode(200)
        .body("merged", equalTo(2)).body("anonymousErasure.status", equalTo("PENDING"));
    assertThat(events("dave")).as("his own view and the visitor's two; not the visitor's consent").isEqualTo(3);
    // Asking again (a retried request) copies nothing twice.
    page(token("dave")).body(Map.of("anonymousId", visitor)).post("/v1/users/dave/identify").then().statusCode(200)
        .body("merged", equalTo(0)).body("duplicates", equalTo(2));
    assertThat(events("dave")).isEqualTo(3);
    long requests = TenantTx.run(pool, tenant.id(), c -> c.query(
            "SELECT count(*) FROM privacy_requests WHERE kind = 'ERASURE'").execute())
        .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    assertThat(requests).as("the visitor's erasure is requested").isGreaterThanOrEqualTo(1);
  }

  @Test
  void originsAndThePerClientRateBindThePublishableKey() {
    Map<String, Object> m = TenantSettings.defaults().toMap();
    m.put("clientAccess", Map.of("allowedOrigins", List.of("https://shop.example.com"), "requestsPerSecondPerClient", 2));
    TestTenants.T bound = TestTenants.create(pool, TenantSettings.fromMap(m));
    RequestSpecification fromShop = given().header("Authorization", "Bearer " + bound.publishableKey())
        .header("Origin", "https://shop.example.com").contentType(ContentType.JSON);
    fromShop.body(List.of(view(VISITOR, "x"))).post("/v1/events").then().statusCode(200);
    given().header("Authorization", "Bearer " + bound.publishableKey()).header("Origin", "https://evil.example.com")
        .contentType(ContentType.JSON).body(List.of(view(VISITOR, "x"))).post("/v1/events").then().statusCode(403)
        .body("detail", containsString("allowedOrigins"));
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 10; i++) {
      var r = given().header("Authorization", "Bearer " + bound.publishableKey()).contentType(ContentType.JSON)
          .body(List.of(view(VISITOR, "x"))).post("/v1/events");
      if (r.statusCode() == 429) {
        limited++;
        retryAfter = r.header("Retry-After");
      }
    }
    assertThat(limited).as("2 requests/s per client, burst 4").isGreaterThan(0);
    assertThat(retryAfter).isNotNull();
    // The beacon: the publishable key in the query (a secret key never), the user's token in the body.
    String beacon = "{\"events\":[{\"type\":\"view\",\"userId\":\"frank\",\"itemId\":\"tent-1\"}],\"userToken\":\""
        + token("frank") + "\"}";
    given().contentType("text/plain").body(beacon).post("/v1/events?key=" + tenant.publishableKey()).then().statusCode(200);
    given().contentType("text/plain").body(beacon).post("/v1/events?key=" + tenant.ingestKey()).then().statusCode(401);
    given().contentType("text/plain").body(beacon.replace(token("frank"), token("grace")))
        .post("/v1/events?key=" + tenant.publishableKey()).then().statusCode(403);
    assertThat(events("frank")).isEqualTo(1);
  }
}
