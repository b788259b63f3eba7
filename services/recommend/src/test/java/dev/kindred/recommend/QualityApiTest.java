package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.events.ItemClicked;
import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's online quality from the event log: a served list's latency is logged with its
 * impression; an attributed click makes the click-through; coverage counts the live catalogue;
 * users who withdrew analytics consent are not counted; bad parameters are refused by field.
 */
@QuarkusTest
class QualityApiTest {

  @Inject Pool pool;

  @Test
  void servedListsAndTheirAttributedClicksBecomeLatencyCtrCoverageDiversityAndNovelty() {
    ServingFixture f = new ServingFixture(pool);
    JsonPath feed = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 4)
        .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath();
    String rid = feed.getString("recommendationId");
    List<String> items = feed.getList("items.itemId");
    ServingFixture.eventually(() -> f.impressions(rid) == 1);
    assertThat(f.impression(rid)).contains("\"servedMs\":");
    f.append("u1", new ItemClicked(items.get(0), null, rid, null), items.get(0));
    f.append("u1", new ItemClicked("coffee-4", null, "another-list", null), "coffee-4");   // not from this list

    // A user who withdrew analytics consent is served and clicks, but is not counted.
    JsonPath hidden = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 4)
        .when().get("/v1/users/private-1/recommendations").then().statusCode(200).extract().jsonPath();
    String hiddenRid = hidden.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(hiddenRid) == 1);
    String hiddenItem = hidden.getString("items[0].itemId");
    f.append("private-1", new ItemClicked(hiddenItem, null, hiddenRid, null), hiddenItem);
    String pseudonym = f.pseudonym("private-1");
    TenantTx.run(pool, f.tenant.id(), c -> c.preparedQuery(
            "INSERT INTO user_consent (tenant_id, user_id, personalization, analytics) VALUES ($1, $2, true, false)")
        .execute(Tuple.of(f.tenant.id(), pseudonym))).await().indefinitely();

    JsonPath q = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("bucket", "hour")
        .queryParam("hours", 3).when().get("/v1/quality").then().statusCode(200).extract().jsonPath();
    assertThat(q.getInt("lists")).isEqualTo(1);
    List<Object> buckets = q.getList("buckets");
    assertThat(buckets).hasSizeBetween(3, 4);
    String now = "buckets[" + (buckets.size() - 1) + "]";
    assertThat(q.getInt(now + ".requests")).isEqualTo(1);
    assertThat(q.getInt(now + ".shown")).isEqualTo(items.size());
    assertThat(q.getInt(now + ".clicked")).isEqualTo(1);
    assertThat(q.getDouble(now + ".ctr")).isCloseTo(1.0 / items.size(), within(1e-3));
    // The server's own time for one request: more than nothing, and far less than the test has run.
    assertThat(q.getDouble(now + ".p99Ms")).isPositive().isLessThan(5_000.0);
    assertThat(q.getDouble(now + ".coverage")).isCloseTo(items.size() / 11.0, within(1e-3));   // 11 live items
    assertThat(q.getDouble(now + ".diversity")).isBetween(0.0, 2.0);
    assertThat(q.getDouble(now + ".novelty")).isPositive();
    assertThat((Object) q.get("buckets[0].ctr")).isNull();   // an hour without lists has no ratio

    JsonPath daily = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("days", 2)
        .when().get("/v1/quality").then().statusCode(200).extract().jsonPath();
    assertThat(daily.getString("bucket")).isEqualTo("day");
    assertThat(daily.getList("buckets.requests", Integer.class).stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);

    given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("bucket", "week")
        .when().get("/v1/quality").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("bucket"));
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("days", 31)
        .when().get("/v1/quality").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("days"));
    given().header("Authorization", "Bearer " + f.tenant.ingestKey()).when().get("/v1/quality").then().statusCode(403);
  }
}
