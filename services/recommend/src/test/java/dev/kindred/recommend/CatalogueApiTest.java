package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Browsing the catalogue: pages in id order with the total, search by id or title, bad paging refused. */
@QuarkusTest
class CatalogueApiTest {

  @Inject Pool pool;

  @Test
  void pagesSearchAndLimits() {
    ServingFixture f = new ServingFixture(pool);
    JsonPath all = page(f, null, 0, 3);
    long total = all.getLong("total");
    assertThat(total).isGreaterThanOrEqualTo(11);
    assertThat(all.getList("items.itemId", String.class)).hasSize(3).isSorted();
    assertThat(all.getBoolean("items[0].embedded")).isTrue();
    JsonPath rest = page(f, null, 3, 500);
    assertThat(rest.getList("items")).hasSize((int) total - 3);
    assertThat(rest.getList("items.itemId", String.class)).doesNotContainAnyElementsOf(all.getList("items.itemId", String.class));
    JsonPath coffee = page(f, "COFFEE item", 0, 50);
    assertThat(coffee.getList("items.title", String.class)).isNotEmpty().allMatch(t -> t.startsWith("Coffee item"));
    assertThat(coffee.getLong("total")).isEqualTo(coffee.getList("items").size());
    // A wildcard in the search text is a character, not a pattern.
    assertThat(page(f, "%", 0, 50).getLong("total")).isZero();
    assertThat(page(f, null, 1_000, 50).getList("items")).isEmpty();
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("limit", 501)
        .when().get("/v1/items").then().statusCode(400).body("errors[0].field", equalTo("limit"));
  }

  private static JsonPath page(ServingFixture f, String q, int offset, int limit) {
    var req = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("offset", offset)
        .queryParam("limit", limit);
    if (q != null) {
      req = req.queryParam("q", q);
    }
    return req.when().get("/v1/items").then().statusCode(200).extract().jsonPath();
  }
}
