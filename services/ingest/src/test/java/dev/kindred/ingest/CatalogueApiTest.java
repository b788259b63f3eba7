package dev.kindred.ingest;

import dev.kindred.tenancy.testing.TestTenants;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalogue upserts, removal, NDJSON import with job progress, stated interests and consent. */
@QuarkusTest
class CatalogueApiTest {
  @Inject
  Pool pool;

  TestTenants.T tenant;

  @BeforeEach
  void tenant() {
    tenant = TestTenants.create(pool);
  }

  RequestSpecification withKey(String key) {
    return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
  }

  Row item(String id) {
    return TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT title, categories, available, removed, attributes::text AS a, last_event_seq FROM items WHERE item_id = $1")
        .execute(Tuple.of(id))).await().atMost(Duration.ofSeconds(10)).iterator().next();
  }

  long count(String sql) {
    return TenantTx.run(pool, tenant.id(), c -> c.query(sql).execute())
        .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
  }

  @Test
  void itemsAreUpsertedAsEventsAndProjected() {
    withKey(tenant.ingestKey()).body(Map.of("items", List.of(
            Map.of("id", "i1", "title", "Ultralight tent", "description", "Two-person, 1.1 kg",
                "categories", List.of("camping", "tents"), "attributes", Map.of("weightKg", 1.1, "brand", "Nordlys")),
            Map.of("id", "i2", "title", "Trail shoe", "available", false))))
        .put("/v1/items").then().statusCode(200).body("accepted", equalTo(2));
    Row i1 = item("i1");
    assertThat(i1.getString("title")).isEqualTo("Ultralight tent");
    assertThat(i1.getArrayOfStrings("categories")).containsExactly("camping", "tents");
    assertThat(i1.getString("a")).contains("Nordlys");
    assertThat(item("i2").getBoolean("available")).isFalse();
    // A second upsert replaces the item and points at its newer event.
    long firstSeq = i1.getLong("last_event_seq");
    withKey(tenant.ingestKey()).body(List.of(Map.of("id", "i1", "title", "Ultralight tent v2")))
        .put("/v1/items").then().statusCode(200);
    assertThat(item("i1").getString("title")).isEqualTo("Ultralight tent v2");
    assertThat(item("i1").getLong("last_event_seq")).isGreaterThan(firstSeq);
    assertThat(count("SELECT count(*) FROM events WHERE type = 'ItemUpserted'")).isEqualTo(3);
  }

  @Test
  void invalidItemsAreRejectedByFieldAndTheSameIdTwiceKeepsTheLast() {
    withKey(tenant.ingestKey()).body(List.of(
            Map.of("id", "a", "title", "First"),
            Map.of("title", "no id"),
            Map.of("id", "b", "title", "x".repeat(501)),
            Map.of("id", "c", "title", "ok", "imageUrl", "javascript:alert(1)"),
            Map.of("id", "d", "title", "ok", "categories", "not-a-list"),
            Map.of("id", "a", "title", "Second")))
        .put("/v1/items").then().statusCode(207)
        .body("accepted", equalTo(1)).body("duplicates", equalTo(1)).body("rejected", equalTo(4))
        .body("errors.field", hasItems("id", "title", "imageUrl", "categories"));
    assertThat(item("a").getString("title")).isEqualTo("Second");
    assertThat(count("SELECT count(*) FROM items")).isEqualTo(1);
  }

  @Test
  void removalIsAnEventAndUnknownItemsAre404() {
    withKey(tenant.ingestKey()).body(List.of(Map.of("id", "gone", "title", "Old"))).put("/v1/items").then().statusCode(200);
    withKey(tenant.ingestKey()).delete("/v1/items/gone").then().statusCode(204);
    assertThat(item("gone").getBoolean("removed")).isTrue();
    withKey(tenant.ingestKey()).delete("/v1/items/gone").then().statusCode(404).contentType("application/problem+json");
    TestTenants.T other = TestTenants.create(pool);
    withKey(tenant.ingestKey()).body(List.of(Map.of("id", "mine", "title", "Mine"))).put("/v1/items").then().statusCode(200);
    withKey(other.ingestKey()).delete("/v1/items/mine").then().statusCode(404);
    assertThat(item("mine").getBoolean("removed")).isFalse();
  }

  @Test
  void ndjsonImportRunsAsAJobWithProgressAndReportsBadLines() throws Exception {
    StringBuilder nd = new StringBuilder();
    for (int i = 0; i < 1200; i++) {
      nd.append("{\"id\":\"imp-").append(i).append("\",\"title\":\"Imported item ").append(i).append("\"}\n");
      if (i == 10) {
        nd.append("{broken json\n");
      }
      if (i == 20) {
        nd.append("{\"id\":\"no-title\"}\n");
      }
    }
    String jobId = given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType("application/x-ndjson")
        .body(nd.toString().getBytes(StandardCharsets.UTF_8)).post("/v1/items:import")
        .then().statusCode(202).extract().path("jobId");
    Map<String, Object> job = null;
    for (int i = 0; i < 100; i++) {
      job = withKey(tenant.ingestKey()).get("/v1/jobs/" + jobId).then().statusCode(200).extract().path("");
      if (!"RUNNING".equals(job.get("status"))) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(job.get("status")).isEqualTo("COMPLETED");
    assertThat(((Number) job.get("accepted")).intValue()).isEqualTo(1200);
    assertThat(((Number) job.get("rejected")).intValue()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM items WHERE item_id LIKE 'imp-%'")).isEqualTo(1200);
    // Jobs are private to their tenant, and the import needs an ingest key.
    TestTenants.T other = TestTenants.create(pool);
    withKey(other.ingestKey()).get("/v1/jobs/" + jobId).then().statusCode(404);
    given().contentType("application/x-ndjson").body("{}".getBytes(StandardCharsets.UTF_8)).post("/v1/items:import").then().statusCode(401)
        .contentType("application/problem+json");
    given().header("Authorization", "Bearer " + tenant.serveKey()).contentType("application/x-ndjson")
        .body("{}".getBytes(StandardCharsets.UTF_8)).post("/v1/items:import")
        .then().statusCode(403);
  }

  @Test
  void anImportLargerThanTheHttpBodyLimitIsStreamedToTheEnd() throws Exception {
    // 17 MiB with a Content-Length: above quarkus.http.limits.max-body-size (16M) and the 5 MiB JSON limit.
    // Few, long items: the worker tests that run later in the same database replay the whole log.
    StringBuilder nd = new StringBuilder(18 << 20);
    String description = "d".repeat(9_000);
    int lines = 0;
    while (nd.length() < (17 << 20)) {
      nd.append("{\"id\":\"big-").append(lines).append("\",\"title\":\"Bulk item ").append(lines)
          .append("\",\"description\":\"").append(description).append("\"}\n");
      lines++;
    }
    byte[] body = nd.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(body.length).isGreaterThan(16 << 20);
    String jobId = given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType("application/x-ndjson")
        .body(body).post("/v1/items:import")
        .then().statusCode(202).extract().path("jobId");
    Map<String, Object> job = null;
    for (int i = 0; i < 600; i++) {
      job = withKey(tenant.ingestKey()).get("/v1/jobs/" + jobId).then().statusCode(200).extract().path("");
      if (!"RUNNING".equals(job.get("status"))) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(job.get("status")).isEqualTo("COMPLETED");
    assertThat(((Number) job.get("accepted")).intValue()).isEqualTo(lines);
    assertThat(count("SELECT count(*) FROM items WHERE item_id LIKE 'big-%'")).isEqualTo(lines);
    // Keep the shared test database light for the modules that follow (no vectors needed for these).
    TenantTx.run(pool, tenant.id(), c -> c.query("UPDATE items SET removed = true WHERE item_id LIKE 'big-%'").execute())
        .await().indefinitely();
  }

  @Test
  void statedInterestsAndConsentAreRecordedAsEvents() {
    withKey(tenant.ingestKey()).body(Map.of("text", "I'm into trail running and ultralight camping"))
        .put("/v1/users/u1/interests").then().statusCode(200).body("type", equalTo("InterestsStated"));
    withKey(tenant.ingestKey()).body(Map.of()).put("/v1/users/u1/interests").then().statusCode(400)
        .body("errors[0].field", equalTo("text"));
    withKey(tenant.ingestKey()).body(Map.of("personalization", false, "analytics", true))
        .put("/v1/users/u1/consent").then().statusCode(200).body("type", equalTo("ConsentChanged"));
    withKey(tenant.ingestKey()).body(Map.of("personalization", "yes"))
        .put("/v1/users/u1/consent").then().statusCode(400)
        .body("errors.field", hasItems("analytics", "personalization"));
    assertThat(count("SELECT count(*) FROM events WHERE stream_key = '" + sk("u1") + "' AND type IN ('InterestsStated','ConsentChanged')"))
        .isEqualTo(2);
  }

  /** The pseudonym the store keeps for a user id (their stream key); "none" when it has none. */
  String sk(String user) {
    var key = TenantTx.run(pool, tenant.id(), c -> dev.kindred.eventstore.privacy.UserKeys.find(c, tenant.id(), user))
        .await().atMost(Duration.ofSeconds(10));
    return key == null ? "none" : key.pseudonym();
  }
}
