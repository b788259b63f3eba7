package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics for the autoscaler (infra/terraform services module): request counts per
 * route template — never per user id, which would explode the series.
 */
@QuarkusTest
class MetricsTest {

  @Inject Pool pool;

  @Test
  void requestsAreCountedPerRouteTemplate() {
    ServingFixture f = new ServingFixture(pool);
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).when().get("/v1/users/u1/recommendations")
        .then().statusCode(200);
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("http_server_requests_seconds_count")
        .contains("uri=\"/v1/users/{userId}/recommendations\"")
        .doesNotContain("uri=\"/v1/users/u1/recommendations\"");
  }
}
