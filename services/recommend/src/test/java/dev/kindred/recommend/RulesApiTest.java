package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant's business rules (filter, boost, pin) and ranking weights, as every serving endpoint applies them. */
@QuarkusTest
class RulesApiTest {

  @Inject Pool pool;
  private ServingFixture f;

  @BeforeEach
  void fixture() {
    f = new ServingFixture(pool);
    f.settings("{\"diversityLambda\": 0, \"explorationBudget\": 0}");
  }

  @Test
  void aBoostLiftsMatchingItemsAndABuryLowersThemAndTheBreakdownSaysBy() {
    List<String> plain = ids(feed("u1", 10));
    assertThat(plain.get(0)).startsWith("camp-");
    f.settings("{\"rules\": [{\"id\": \"coffee-week\", \"kind\": \"boost\", \"filter\": \"category:coffee\", \"factor\": 5}]}");
    JsonPath boosted = feed("u1", 10);
    assertThat(ids(boosted).get(0)).startsWith("coffee-");
    // The breakdown names the boost and still adds up to the score.
    Map<String, Float> terms = boosted.getMap("items[0].explanation.contributions");
    assertThat(terms.get("boost")).isPositive();
    assertThat(terms.values().stream().mapToDouble(Float::doubleValue).sum())
        .isCloseTo(boosted.getDouble("items[0].score"), within(0.001));
    // A factor below 1 buries: camping, u1's strongest interest, no longer leads.
    f.settings("{\"rules\": [{\"id\": \"bury\", \"kind\": \"boost\", \"filter\": \"category:outdoor\", \"factor\": 0.01}]}");
    assertThat(ids(feed("u1", 10)).get(0)).startsWith("coffee-");
    // Item-to-item and rerank honour boosts too.
    assertThat(ids(similar("camp-1")).get(0)).startsWith("coffee-");
    assertThat(given().header("Authorization", "Bearer " + f.tenant.serveKey()).contentType("application/json")
        .body(Map.of("userId", "u1", "itemIds", List.of("camp-3", "coffee-4"))).when().post("/v1/rerank")
        .then().statusCode(200).extract().jsonPath().getString("items[0].itemId")).isEqualTo("coffee-4");
  }

  @Test
  void aPinnedItemTakesItsPositionForEveryoneUnlessItIsConsumedHiddenOrFilteredOut() {
    f.settings("{\"rules\": [{\"id\": \"launch\", \"kind\": \"pin\", \"itemId\": \"coffee-4\", \"position\": 2}]}");
    JsonPath personal = feed("u1", 5);
    assertThat(personal.getList("items.itemId")).hasSize(5);
    assertThat(personal.getString("items[1].itemId")).isEqualTo("coffee-4");
    assertThat(personal.getString("items[1].source")).isEqualTo("promoted/launch");
    assertThat(personal.getString("items[1].explanation.sentence")).isEqualTo("Featured by the site (rule 'launch').");
    assertThat(ids(personal)).containsOnlyOnce("coffee-4");
    // A user without a profile gets trending with the pin in place.
    JsonPath anonymous = feed("nobody", 3);
    assertThat(anonymous.getBoolean("personalized")).isFalse();
    assertThat(anonymous.getString("items[1].itemId")).isEqualTo("coffee-4");
    // Consumed by the user (camp-1 was bought), excluded by the request, or beyond the list: not placed.
    f.settings("{\"rules\": [{\"id\": \"again\", \"kind\": \"pin\", \"itemId\": \"camp-1\", \"position\": 1},"
        + " {\"id\": \"far\", \"kind\": \"pin\", \"itemId\": \"coffee-4\", \"position\": 9}]}");
    assertThat(ids(feed("u1", 5))).doesNotContain("camp-1");
    assertThat(ids(feed("nobody", 5))).startsWith("camp-1").doesNotContain("coffee-4");
    assertThat(ids(feed("nobody", 10))).startsWith("camp-1").endsWith("coffee-4");
    assertThat(given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 10)
        .queryParam("exclude", "camp-1").when().get("/v1/users/nobody/recommendations").then().statusCode(200)
        .extract().jsonPath().getList("items.itemId", String.class)).doesNotContain("camp-1");
    // A pinned item the filter rules rule out is not shown.
    f.settings("{\"rules\": [{\"id\": \"launch\", \"kind\": \"pin\", \"itemId\": \"coffee-4\", \"position\": 1},"
        + " {\"id\": \"no-coffee\", \"kind\": \"filter\", \"filter\": \"!category:coffee\"}]}");
    assertThat(ids(feed("nobody", 5))).isNotEmpty().noneMatch(id -> id.startsWith("coffee-"));
  }

  @Test
  void filterRulesHoldOnEveryEndpoint() {
    f.attributes("camp-3", "{\"stock\": \"none\"}");
    f.settings("{\"rules\": [{\"id\": \"in-stock\", \"kind\": \"filter\", \"filter\": \"!stock:none\"},"
        + " {\"id\": \"no-coffee\", \"kind\": \"filter\", \"filter\": \"!category:coffee\"}]}");
    for (JsonPath list : List.of(feed("u1", 20), feed("nobody", 20), similar("camp-1"), trending())) {
      assertThat(ids(list)).isNotEmpty().doesNotContain("camp-3").noneMatch(id -> id.startsWith("coffee-"));
    }
  }

  @Test
  void rankingWeightsArePerTenant() {
    // Only popularity counts: the most engaged item (coffee-3, three views by others) leads, then camp-5.
    f.settings("{\"rankingWeights\": {\"interest\": 0, \"session\": 0, \"coVisit\": 0, \"popularity\": 1}}");
    JsonPath byPopularity = feed("u1", 10);
    assertThat(ids(byPopularity).subList(0, 2)).containsExactly("coffee-3", "camp-5");
    assertThat(byPopularity.getDouble("items[0].explanation.contributions.popularity")).isEqualTo(1.0);
    assertThat(byPopularity.getDouble("items[0].explanation.contributions.interest")).isZero();
  }

  private JsonPath feed(String user, int count) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", count)
        .when().get("/v1/users/" + user + "/recommendations").then().statusCode(200).extract().jsonPath();
  }

  private JsonPath similar(String item) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 10)
        .queryParam("userId", "u1").when().get("/v1/items/" + item + "/similar").then().statusCode(200)
        .extract().jsonPath();
  }

  private JsonPath trending() {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 20)
        .when().get("/v1/trending").then().statusCode(200).extract().jsonPath();
  }

  private static List<String> ids(JsonPath list) {
    return list.getList("items.itemId", String.class);
  }
}
