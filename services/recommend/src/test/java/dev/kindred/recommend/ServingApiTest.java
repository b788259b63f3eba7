package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Item-to-item, rerank and trending over the serving fixture; each logs its impression. */
@QuarkusTest
class ServingApiTest {

  @Inject Pool pool;
  private ServingFixture f;

  @BeforeEach
  void fixture() {
    f = new ServingFixture(pool);
  }

  @Test
  void similarItemsAreTheAnchorsNeighboursAndAUserMakesThemPersonal() {
    JsonPath anonymous = similar("camp-1", null).statusCode(200).body("personalized", equalTo(false))
        .extract().jsonPath();
    List<String> ids = anonymous.getList("items.itemId");
    // Every other item of the catalogue (ten), the anchor itself not among them.
    assertThat(ids).doesNotContain("camp-1").hasSize(10).contains("bad");
    // The nearest neighbour of camp-1 (tilt 0.1) is camp-2 (tilt 0.2); everything is camping first.
    assertThat(ids.get(0)).isEqualTo("camp-2");
    assertThat(anonymous.getString("items[0].source")).isEqualTo("similar");
    assertThat(anonymous.getString("items[0].explanation.sentence")).isEqualTo("Similar to 'Camping item 1'.");
    assertThat(anonymous.getString("note")).isEqualTo("no user given: similar items only");
    String recommendationId = anonymous.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(recommendationId) == 1);

    // u1 disliked "bad" (a camping neighbour) and viewed camp-2: neither comes back for u1.
    f.append("u1", new ItemViewed("camp-2", null, null, null, null), "camp-2");
    JsonPath personal = similar("camp-1", "u1").statusCode(200).body("personalized", equalTo(true))
        .extract().jsonPath();
    assertThat(personal.getList("items.itemId", String.class)).doesNotContain("camp-1", "camp-2", "bad")
        .contains("camp-3");
    assertThat(personal.getString("items[0].explanation.sentence"))
        .isEqualTo("Similar to 'Camping item 1', close to your interest in Camping.");

    similar("nope", null).statusCode(404).contentType("application/problem+json");
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 101)
        .when().get("/v1/items/camp-1/similar").then().statusCode(400).body("errors[0].field", equalTo("count"));
    TestTenants.T other = TestTenants.create(pool);
    given().header("Authorization", "Bearer " + other.serveKey()).when().get("/v1/items/camp-1/similar")
        .then().statusCode(404);
  }

  @Test
  void similarReadsTheWorkersNeighbourListWhenTheItemHasOneAndSearchesLiveWhenItIsThin() {
    // A list unlike the live search on purpose (coffee next to a camping anchor): served as listed.
    Map<String, Double> listed = new java.util.LinkedHashMap<>();
    listed.put("coffee-4", 0.9);
    listed.put("coffee-3", 0.8);
    listed.put("camp-6", 0.7);
    listed.put("coffee-2", 0.6);
    f.neighbours("camp-1", listed);
    List<String> ids = similar("camp-1", null, 2).statusCode(200).extract().jsonPath().getList("items.itemId");
    assertThat(ids).hasSize(2).allMatch(listed::containsKey);
    // Availability is applied as the list is read.
    f.availability("coffee-4", false);
    ids = similar("camp-1", null, 3).statusCode(200).extract().jsonPath().getList("items.itemId");
    assertThat(ids).hasSize(3).allMatch(listed::containsKey).doesNotContain("coffee-4");
    // Fewer listed items pass than asked for: the live search answers (camp-2 is camp-1's nearest).
    f.neighbours("camp-1", Map.of("coffee-3", 0.8));
    ids = similar("camp-1", null, 2).statusCode(200).extract().jsonPath().getList("items.itemId");
    assertThat(ids).hasSize(2).contains("camp-2");
  }

  @Test
  void rerankOrdersByTheUsersInterestsDemotesDislikesAndKeepsEveryItemOnce() {
    List<String> given = List.of("coffee-3", "unknown-x", "bad", "camp-3", "coffee-3");
    JsonPath r = rerank("u1", given).statusCode(200).body("personalized", equalTo(true)).extract().jsonPath();
    // Camping is u1's strongest interest (a purchase), coffee the weaker one; "bad" was disliked.
    assertThat(r.getList("items.itemId", String.class)).containsExactly("camp-3", "coffee-3", "bad", "unknown-x");
    assertThat(r.getString("items[0].source")).startsWith("interest/");
    assertThat(r.getString("items[0].explanation.sentence")).contains("'Camping item 1'").endsWith("— Camping.");
    assertThat(r.getString("items[2].explanation.sentence")).startsWith("Moved down");
    assertThat(r.getString("items[3].source")).isEqualTo("as-given");

    JsonPath stranger = rerank("stranger", given).statusCode(200).body("personalized", equalTo(false))
        .extract().jsonPath();
    assertThat(stranger.getList("items.itemId", String.class)).containsExactly("coffee-3", "unknown-x", "bad", "camp-3");
    assertThat(stranger.getString("note")).isEqualTo("no interest profile yet: the given order");

    rerank("u1", List.of()).statusCode(400).contentType("application/problem+json")
        .body("errors[0].field", equalTo("itemIds"));
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      tooMany.add("i" + i);
    }
    rerank("u1", tooMany).statusCode(400).body("errors[0].field", equalTo("itemIds"));
    rerank("u1", List.of("camp-1", " ")).statusCode(400).body("errors[0].field", equalTo("itemIds[1]"));
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).contentType(ContentType.JSON).body("{\"userId\":")
        .when().post("/v1/rerank").then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void trendingRanksRecentEngagementAndFiltersByCategory() {
    JsonPath all = trending(null).statusCode(200).body("personalized", equalTo(false)).extract().jsonPath();
    // coffee-3: three engagements; camp-1 and coffee-1: two; camp-2, coffee-2, camp-5: one each, in that
    // order in time — the decay puts the latest first among equals.
    List<String> ids = all.getList("items.itemId", String.class);
    assertThat(ids).hasSize(6);
    assertThat(ids.get(0)).isEqualTo("coffee-3");
    assertThat(ids.subList(1, 3)).containsExactlyInAnyOrder("camp-1", "coffee-1");
    assertThat(ids.subList(3, 6)).containsExactly("camp-5", "coffee-2", "camp-2");
    assertThat(all.getList("items.source", String.class)).containsOnly("trending");
    assertThat(trending("outdoor").extract().jsonPath().getList("items.itemId", String.class))
        .containsExactly("camp-1", "camp-5", "camp-2");
    assertThat(trending("coffee").extract().jsonPath().getList("items.itemId", String.class))
        .containsExactly("coffee-3", "coffee-1", "coffee-2");
    String recommendationId = all.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(recommendationId) == 1);
    given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("category", " ")
        .when().get("/v1/trending").then().statusCode(400).body("errors[0].field", equalTo("category"));
    given().when().get("/v1/trending").then().statusCode(401);
  }

  @Test
  void requestFiltersOnCategoriesAndAttributesHoldForFeedAndTrending() {
    f.attributes("camp-4", "{\"brand\": \"Acme\"}");
    f.attributes("coffee-3", "{\"brand\": \"Acme\", \"roast\": \"dark\"}");
    assertThat(feed("category:coffee")).isNotEmpty().allMatch(id -> id.startsWith("coffee-"));
    assertThat(feed("!category:coffee")).isNotEmpty().noneMatch(id -> id.startsWith("coffee-"));
    assertThat(feed("brand:Acme")).containsExactlyInAnyOrder("camp-4", "coffee-3");
    assertThat(feed("brand:Acme|Zeta;!roast:dark")).containsExactly("camp-4");
    assertThat(feed("category:outdoor;brand:Nobody")).isEmpty();
    for (String bad : List.of("brand", "!:x", "bad key:x", "brand:")) {
      given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("filter", bad)
          .when().get("/v1/users/u1/recommendations").then().statusCode(400)
          .contentType("application/problem+json").body("errors[0].field", equalTo("filter"));
    }
    // Trending honours the filter too: of the Acme items only coffee-3 is trending.
    assertThat(given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("filter", "brand:Acme")
        .when().get("/v1/trending").then().statusCode(200).extract().jsonPath().getList("items.itemId", String.class))
        .containsExactly("coffee-3");
  }

  @Test
  void itemsOftenChosenTogetherWithTheUsersLatestOnesComeFromCoVisitAndCiteIt() {
    // A kettle is unlike anything u1 is into: on similarity alone it scores nothing.
    f.item("kettle", "Electric kettle", ServingFixture.axis(7, 6, 0.1f), "kitchen");
    JsonPath before = full();
    int was = before.getList("items.itemId").indexOf("kettle");
    assertThat(before.getDouble("items[" + was + "].score")).isLessThan(0.05);
    assertThat(before.getString("items[" + was + "].source")).startsWith("interest/");
    // Other users often engage with the kettle right next to camp-1, which u1 bought.
    f.coVisit("camp-1", "kettle", 5);
    JsonPath after = full();
    int at = after.getList("items.itemId").indexOf("kettle");
    assertThat(at).isLessThan(was);
    assertThat(after.getDouble("items[" + at + "].score")).isGreaterThanOrEqualTo(0.99);
    assertThat(after.getString("items[" + at + "].source")).isEqualTo("co-visit");
    assertThat(after.getString("items[" + at + "].explanation.sentence"))
        .isEqualTo("Often chosen together with 'Camping item 1', which you bought.");
    assertThat(after.getString("items[" + at + "].explanation.because[0].itemId")).isEqualTo("camp-1");
  }

  @Test
  void tenantSettingsDecideWhatIsConsumedAndWhatIsNeverRecommended() {
    // By default a view consumes an item: camp-2 (viewed by u1) and camp-1 (bought) are not shown again.
    assertThat(full().getList("items.itemId", String.class)).doesNotContain("camp-1", "camp-2").contains("camp-3");
    // A shop that shows viewed items again: only the purchase consumes.
    f.settings("{\"consumedEvents\": [\"purchase\"]}");
    assertThat(full().getList("items.itemId", String.class)).contains("camp-2").doesNotContain("camp-1");
    // A suppressed (sensitive) category is never recommended: not in the feed, trending or similar items.
    f.settings("{\"suppressedCategories\": [\"coffee\"]}");
    assertThat(full().getList("items.itemId", String.class)).isNotEmpty().noneMatch(id -> id.startsWith("coffee-"));
    assertThat(trending(null).extract().jsonPath().getList("items.itemId", String.class))
        .isNotEmpty().noneMatch(id -> id.startsWith("coffee-"));
    assertThat(similar("camp-1", null).extract().jsonPath().getList("items.itemId", String.class))
        .isNotEmpty().noneMatch(id -> id.startsWith("coffee-"));
  }

  /** u1's whole feed (every eligible item of the fixture), with diversity and exploration not in play. */
  private JsonPath full() {
    f.settings("{\"diversityLambda\": 0, \"explorationBudget\": 0}");
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 20)
        .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath();
  }

  private List<String> feed(String filter) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", 10)
        .queryParam("filter", filter).when().get("/v1/users/u1/recommendations").then().statusCode(200)
        .extract().jsonPath().getList("items.itemId", String.class);
  }

  private io.restassured.response.ValidatableResponse similar(String item, String user) {
    return similar(item, user, 10);
  }

  private io.restassured.response.ValidatableResponse similar(String item, String user, int count) {
    var req = given().header("Authorization", "Bearer " + f.tenant.serveKey()).queryParam("count", count);
    if (user != null) {
      req = req.queryParam("userId", user);
    }
    return req.when().get("/v1/items/" + item + "/similar").then();
  }

  private io.restassured.response.ValidatableResponse rerank(String user, List<String> items) {
    return given().header("Authorization", "Bearer " + f.tenant.serveKey()).contentType(ContentType.JSON)
        .body(Map.of("userId", user, "itemIds", items)).when().post("/v1/rerank").then();
  }

  private io.restassured.response.ValidatableResponse trending(String category) {
    var req = given().header("Authorization", "Bearer " + f.tenant.serveKey());
    if (category != null) {
      req = req.queryParam("category", category);
    }
    return req.when().get("/v1/trending").then();
  }
}
