package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.Vectors;
import dev.kindred.tenancy.TenantTx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exploration slots: the serving fixture plus a tea corner u1 never touched, and the tenant's item
 * clusters (camping, coffee, tea; each the others' neighbour). u1 is into camping and coffee, so
 * tea is the adjacent area exploration may show — at the tenant's budget, said so.
 */
@QuarkusTest
class ExploreApiTest {

  @Inject Pool pool;
  private ServingFixture f;

  @BeforeEach
  void fixture() {
    f = new ServingFixture(pool);
    for (int i = 1; i <= 3; i++) {
      f.item("tea-" + i, "Tea item " + i, ServingFixture.axis(5, 1, 0.5f + 0.1f * i), "tea");
    }
    cluster(1, ServingFixture.axis(0, 2, 0.3f), "{2,3}");
    cluster(2, ServingFixture.axis(1, 3, 0.2f), "{3,1}");
    cluster(3, ServingFixture.axis(5, 1, 0.6f), "{2,1}");
  }

  @Test
  void explorationFillsTheBudgetFromTheAdjacentAreaAndSaysSo() {
    int requests = 1000;
    int items = 0;
    int explored = 0;
    for (int i = 0; i < requests; i++) {
      JsonPath feed = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 5)
          .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath();
      List<String> sources = feed.getList("items.source");
      items += sources.size();
      for (int k = 0; k < sources.size(); k++) {
        if (sources.get(k).startsWith("explore/")) {
          explored++;
          assertThat(sources.get(k)).isEqualTo("explore/3");
          assertThat(feed.getString("items[" + k + "].itemId")).startsWith("tea-");
          assertThat(feed.getString("items[" + k + "].explanation.sentence"))
              .isEqualTo("Something new, near your interest in Coffee.");
          assertThat(k).isPositive();
        }
      }
    }
    // The default budget is 10 % of slots: 0.5 of a 5-item list, rounded at random per request.
    assertThat(items).isEqualTo(5 * requests);
    assertThat(explored / (double) items).isCloseTo(0.10, within(0.02));
  }

  @Test
  void noBudgetNoExploration() {
    f.settings("{\"explorationBudget\": 0}");
    for (int i = 0; i < 50; i++) {
      assertThat(given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 5)
          .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath()
          .getList("items.source", String.class)).noneMatch(s -> s.startsWith("explore/"));
    }
  }

  private void cluster(int id, float[] centroid, String neighbours) {
    TenantTx.run(pool, f.tenant.id(), c -> c.preparedQuery("""
            INSERT INTO item_clusters (tenant_id, cluster_id, centroid, size, neighbours)
            VALUES ($1, $2, $3::text::vector, 3, $4::text::int[])
            """).execute(Tuple.of(f.tenant.id(), id, Vectors.toPgVector(centroid), neighbours))).await().indefinitely();
  }
}
