package dev.kindred.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /v1/users/{id}/export: everything held about one user, only theirs, and the read audited. */
@QuarkusTest
class UserExportTest {

  @Inject Pool pool;

  @Test
  void theExportHoldsEveryEventOfTheUserAndTheirConsentAndIsAudited() {
    TestTenants.T tenant = TestTenants.create(pool);
    given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(ContentType.JSON)
        .body(List.of(EventApiTest.view("ana", "x-1"), EventApiTest.view("ana", "x-2"), EventApiTest.view("bob", "x-3"),
            Map.of("type", "search", "userId", "ana", "query", "waterproof jacket")))
        .post("/v1/events").then().statusCode(200);
    given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(ContentType.JSON)
        .body(Map.of("personalization", false, "analytics", true)).put("/v1/users/ana/consent").then().statusCode(200);

    JsonPath export = given().header("Authorization", "Bearer " + tenant.ingestKey())
        .get("/v1/users/ana/export").then().statusCode(200).extract().jsonPath();
    assertThat(export.getString("userId")).isEqualTo("ana");
    assertThat(export.getList("events.type", String.class))
        .containsExactly("ItemViewed", "ItemViewed", "SearchPerformed", "ConsentChanged");
    assertThat(export.getList("events.itemId", String.class)).doesNotContain("x-3");   // bob's
    assertThat(export.getString("events[2].payload.query")).isEqualTo("waterproof jacket");
    assertThat(export.getBoolean("consent.personalization")).isFalse();
    assertThat((Object) export.get("profile")).isNull();

    long audited = TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT count(*) FROM audit_log WHERE action = 'user.export' AND subject ~ '^user:[0-9a-f]{32}$' AND actor LIKE 'key:%'")
        .execute(Tuple.tuple())).await().indefinitely().iterator().next().getLong(0);
    assertThat(audited).isEqualTo(1);   // by pseudonym: the audit log never holds the raw id

    // Another tenant's key sees an empty export (its own world), and a serve key may not export.
    TestTenants.T other = TestTenants.create(pool);
    assertThat(given().header("Authorization", "Bearer " + other.ingestKey()).get("/v1/users/ana/export")
        .then().statusCode(200).extract().jsonPath().getList("events")).isEmpty();
    given().header("Authorization", "Bearer " + tenant.serveKey()).get("/v1/users/ana/export").then().statusCode(403);
  }
}
