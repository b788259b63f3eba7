package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The what-if panel's endpoint: hypothetical events move the feed through the real update rule,
 * nothing is stored or logged as shown, and bad hypotheses are refused by field.
 */
@QuarkusTest
class WhatIfApiTest {

  @Inject Pool pool;

  @Test
  void aNewVisitorWhoWouldBuyCampingGearWouldSeeCampingAndNothingIsStored() {
    ServingFixture f = new ServingFixture(pool);
    long impressions = f.payloads("ImpressionLogged").size();
    JsonPath answer = whatIf(f, "visitor", Map.of("events", List.of(
        Map.of("type", "view", "itemId", "camp-5"), Map.of("type", "purchase", "itemId", "camp-6")), "count", 4))
        .then().statusCode(200).extract().jsonPath();
    assertThat(answer.getBoolean("before.personalized")).isFalse();
    assertThat(answer.getBoolean("after.personalized")).isTrue();
    assertThat(answer.getList("after.items.itemId", String.class)).isNotEmpty()
        .allSatisfy(id -> assertThat(id).startsWith("camp-"));
    assertThat(answer.getString("after.items[0].source")).startsWith("interest/");
    assertThat(answer.getString("after.items[0].explanation.sentence")).isNotBlank();
    assertThat(answer.getList("applied.type")).containsExactly("view", "purchase");
    assertThat(answer.getList("after.items.itemId", String.class)).doesNotContain("camp-5", "camp-6");   // consumed
    assertThat(answer.getDouble("applied[1].weight")).isGreaterThan(answer.getDouble("applied[0].weight"));
    // Hypothetical: no profile, no key, no impression.
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).when().get("/v1/users/visitor/profile")
        .then().statusCode(404);
    assertThat(f.payloads("ImpressionLogged")).hasSize((int) impressions);
  }

  @Test
  void dislikingWhatAnExistingUserIsShownTakesItOutAndTheOtherInterestMovesUp() {
    ServingFixture f = new ServingFixture(pool);
    JsonPath answer = whatIf(f, "u1", Map.of("events", List.of(
        Map.of("type", "dislike", "itemId", "camp-3"), Map.of("type", "dislike", "itemId", "camp-4")), "count", 3))
        .then().statusCode(200).extract().jsonPath();
    List<String> before = answer.getList("before.items.itemId", String.class);
    List<String> after = answer.getList("after.items.itemId", String.class);
    assertThat(before).containsAnyOf("camp-3", "camp-4");
    assertThat(after).doesNotContain("camp-3", "camp-4").isNotEmpty();
    assertThat(after.get(0)).startsWith("coffee-");   // the other interest moves up
    assertThat(answer.getList("applied.outcome", String.class)).containsOnly("NEGATIVE");
  }

  @Test
  void aStatedInterestIsEmbeddedAndGroundedLikeTheWorkerDoes() {
    ServingFixture f = new ServingFixture(pool);
    JsonPath answer = whatIf(f, "visitor-2", Map.of("statedInterest", "camping and hiking"))
        .then().statusCode(200).extract().jsonPath();
    assertThat(answer.getList("applied.type")).containsOnly("stated");
    assertThat(answer.getList("applied.text", String.class)).containsExactly("camping", "hiking");   // phrases, as stated
    assertThat(answer.getBoolean("after.personalized")).isTrue();
  }

  @Test
  void badHypothesesAreRefusedByFieldAndConsentIsRespected() {
    ServingFixture f = new ServingFixture(pool);
    whatIf(f, "u1", Map.of("events", List.of(Map.of("type", "teleport", "itemId", "camp-1"))))
        .then().statusCode(400).body("errors[0].field", equalTo("events[0].type"));
    whatIf(f, "u1", Map.of("events", List.of(Map.of("type", "view", "itemId", "no-such-item"))))
        .then().statusCode(400).body("errors[0].field", equalTo("events[0].itemId"));
    whatIf(f, "u1", Map.of("events", List.of(Map.of("type", "rating", "itemId", "camp-1"))))
        .then().statusCode(400).body("errors[0].field", equalTo("events[0].rating"));
    whatIf(f, "u1", Map.of()).then().statusCode(400).body("errors[0].field", equalTo("events"));
    whatIf(f, "u1", Map.of("statedInterest", "x".repeat(301))).then().statusCode(400)
        .body("errors[0].field", equalTo("statedInterest"));
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).contentType(ContentType.JSON).body("[1]")
        .when().post("/v1/users/u1/what-if").then().statusCode(400);
    given().header("Authorization", "Bearer " + f.tenant.ingestKey()).contentType(ContentType.JSON)
        .body(Map.of("events", List.of(Map.of("type", "view", "itemId", "camp-1"))))
        .when().post("/v1/users/u1/what-if").then().statusCode(403);
    // A user who withdrew personalization consent cannot be profiled, not even hypothetically.
    f.append("u1", new dev.kindred.events.ConsentChanged(false, true), null);
    whatIf(f, "u1", Map.of("events", List.of(Map.of("type", "view", "itemId", "camp-1")))).then().statusCode(409);
  }

  private static io.restassured.response.Response whatIf(ServingFixture f, String user, Map<String, Object> body) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).contentType(ContentType.JSON).body(body)
        .when().post("/v1/users/" + user + "/what-if");
  }
}
