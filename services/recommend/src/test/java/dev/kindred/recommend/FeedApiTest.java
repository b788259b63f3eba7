package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.events.EventType;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.Signal;
import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The home feed over a hand-made catalogue (camping items near one axis, coffee near another) and
 * a profile built by the real update rule: interest candidates, filters, MMR, explanations that
 * cite the user's own events, trending for users without a profile, impressions logged.
 */
@QuarkusTest
class FeedApiTest {

  @Inject Pool pool;
  private ServingFixture f;
  private TestTenants.T tenant;

  @BeforeEach
  void catalogueAndProfile() {
    f = new ServingFixture(pool);
    tenant = f.tenant;
  }

  @Test
  void aProfiledUserGetsInterestItemsWithoutBoughtOrDislikedOnesEachExplainedByTheirOwnEvents() {
    JsonPath feed = given().header("Authorization", "Bearer " + tenant.serveKey())
        .queryParam("count", 5).when().get("/v1/users/u1/recommendations")
        .then().statusCode(200).body("personalized", equalTo(true)).extract().jsonPath();
    List<String> ids = feed.getList("items.itemId");
    assertThat(ids).hasSize(5).doesNotContain("camp-1", "bad");
    assertThat(ids.get(0)).startsWith("camp-");
    assertThat(feed.getString("items[0].source")).startsWith("interest/");
    assertThat(ids).anyMatch(i -> i.startsWith("coffee-"));
    // Faithful explanations: every cited event is one of u1's own events in the store, with its real
    // title, and the first cited is the supporting item nearest to the recommended one.
    for (int i = 0; i < ids.size(); i++) {
      String sentence = feed.getString("items[" + i + "].explanation.sentence");
      List<String> cited = feed.getList("items[" + i + "].explanation.because.itemId");
      List<String> types = feed.getList("items[" + i + "].explanation.because.type");
      for (int k = 0; k < cited.size(); k++) {
        String c = cited.get(k);
        assertThat(sentence).contains("'" + f.titles.get(c) + "'");
        assertThat(f.hasEvent("u1", EventType.fromWireName(types.get(k)).storedName(), c)).as(types.get(k) + " " + c).isTrue();
      }
      if (!cited.isEmpty()) {
        List<String> support = cited.get(0).startsWith("camp-") ? List.of("camp-1", "camp-2") : List.of("coffee-1", "coffee-2");
        float[] item = f.vectors.get(ids.get(i));
        double best = support.stream().mapToDouble(s -> Vectors.dot(f.vectors.get(s), item)).max().orElseThrow();
        assertThat(Vectors.dot(f.vectors.get(cited.get(0)), item)).isEqualTo(best);
      }
      assertThat(sentence).matches("(Because you .*|Close to .*|Often chosen together .*)\\.");
      // The score breakdown adds up to the score.
      Map<String, Float> terms = feed.getMap("items[" + i + "].explanation.contributions");
      assertThat(terms).containsKeys("interest", "session", "coVisit");
      assertThat(terms.values().stream().mapToDouble(Float::doubleValue).sum())
          .isCloseTo(feed.getDouble("items[" + i + "].score"), org.assertj.core.api.Assertions.within(0.001));
    }
    String recommendationId = feed.getString("recommendationId");
    ServingFixture.eventually(() -> f.impressions(recommendationId) == 1);

    given().header("Authorization", "Bearer " + tenant.serveKey())
        .queryParam("count", 5).queryParam("exclude", "camp-2,camp-3").when().get("/v1/users/u1/recommendations")
        .then().statusCode(200).extract().jsonPath().getList("items.itemId")
        .forEach(id -> assertThat(id).isNotIn("camp-2", "camp-3"));
  }

  @Test
  void withdrawnConsentHoldsFromTheVeryNextResponse() {
    assertThat(feed(5).getBoolean("personalized")).isTrue();
    // Only the event is appended: no projection runs in this test.
    f.append("u1", new dev.kindred.events.ConsentChanged(false, true), null);
    JsonPath after = feed(5);
    assertThat(after.getBoolean("personalized")).isFalse();
    assertThat(after.getString("note")).isEqualTo("personalization consent withdrawn: popular items only");
    f.append("u1", new dev.kindred.events.ConsentChanged(true, true), null);
    assertThat(feed(5).getBoolean("personalized")).isTrue();
  }

  @Test
  void notInterestedChangesTheVeryNextResponseBeforeAnyProjectionRuns() {
    List<String> before = feed(10).getList("items.itemId");
    String top = before.get(0);
    assertThat(top).startsWith("camp-");
    // Only the event is appended: no worker runs in this test, the stored profile is unchanged.
    f.append("u1", new FeedbackGiven("not_interested", top, null, null), top);
    List<String> after = feed(10).getList("items.itemId");
    // The item and its near-duplicates (every camping item here is within cos 0.85 of it) are gone.
    assertThat(after).isNotEmpty().doesNotContain(top).noneMatch(id -> id.startsWith("camp-"));
    assertThat(before).anyMatch(id -> id.startsWith("camp-") && !id.equals(top));
    // A view counts as consumed at once as well.
    String coffee = after.get(0);
    f.append("u1", new ItemViewed(coffee, null, null, null, null), coffee);
    assertThat(feed(10).getList("items.itemId", String.class)).doesNotContain(coffee);
  }

  @Test
  void theRequestsContextFavoursTheInterestThatLivesInIt() {
    // u2: coffee in the evenings (two views), camping in the mornings (three, later): camping leads.
    InterestUpdater u = new InterestUpdater(InterestSettings.defaults());
    InterestProfile p = new InterestProfile("u2");
    long seq = 1;
    for (String item : List.of("coffee-1", "coffee-2")) {
      Signal s = f.signal(item, "view", 1, seq++);
      u.apply(p, new Signal(s.vector(), 1, s.at(), s.seq(), "view", item, s.title(), Map.of("daypart", "evening")));
    }
    for (String item : List.of("camp-1", "camp-2", "camp-3")) {
      Signal s = f.signal(item, "view", 1, seq++);
      u.apply(p, new Signal(s.vector(), 1, s.at(), s.seq(), "view", item, s.title(), Map.of("daypart", "morning")));
    }
    f.storeProfile(p);
    assertThat(first("u2", null)).startsWith("camp-");
    assertThat(first("u2", "daypart:morning")).startsWith("camp-");
    assertThat(first("u2", "daypart:evening")).startsWith("coffee-");
    given().header("Authorization", "Bearer " + tenant.serveKey()).queryParam("context", "evening")
        .when().get("/v1/users/u2/recommendations").then().statusCode(400).body("errors[0].field", equalTo("context"));
  }

  private String first(String user, String context) {
    var req = given().header("Authorization", "Bearer " + tenant.serveKey()).queryParam("count", 5);
    if (context != null) {
      req = req.queryParam("context", context);
    }
    return req.when().get("/v1/users/" + user + "/recommendations").then().statusCode(200).extract().jsonPath()
        .getString("items[0].itemId");
  }

  private JsonPath feed(int count) {
    return given().header("Authorization", "Bearer " + tenant.serveKey()).queryParam("count", count)
        .when().get("/v1/users/u1/recommendations").then().statusCode(200).extract().jsonPath();
  }

  @Test
  void aUserWithoutProfileGetsTrendingAndBadRequestsAreProblems() {
    JsonPath feed = given().header("Authorization", "Bearer " + tenant.serveKey())
        .when().get("/v1/users/newcomer/recommendations").then().statusCode(200)
        .body("personalized", equalTo(false)).extract().jsonPath();
    assertThat(feed.getString("note")).contains("no interest profile");
    // coffee-3 was engaged with three times this week, camp-1 and coffee-1 twice, the others once.
    assertThat(feed.getList("items.itemId")).containsExactlyInAnyOrder("coffee-3", "camp-1", "coffee-1", "camp-5",
        "coffee-2", "camp-2");
    assertThat(feed.getString("items[0].itemId")).isEqualTo("coffee-3");
    assertThat(feed.getString("items[0].explanation.sentence")).isEqualTo("Popular right now.");
    given().header("Authorization", "Bearer " + tenant.serveKey()).queryParam("count", 0)
        .when().get("/v1/users/u1/recommendations").then().statusCode(400)
        .contentType("application/problem+json").body("errors[0].field", equalTo("count"));
    given().when().get("/v1/users/u1/recommendations").then().statusCode(401);
    TestTenants.T other = TestTenants.create(pool);
    given().header("Authorization", "Bearer " + other.serveKey()).when().get("/v1/users/u1/recommendations")
        .then().statusCode(200).body("personalized", equalTo(false)).body("items.size()", equalTo(0));
  }
}
