package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.ItemViewed;
import dev.kindred.recommend.serving.RequestTimingFilter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving's statement budget, counted on the connection each request's transaction uses
 * ({@code TenantTx} with a {@code StatementTally}, answered in {@link RequestTimingFilter#HEADER}):
 * a personal feed — co-visits, a pinned item and a boost rule included — sends three statements
 * (tenant binding, the user from the read model, every catalogue read in one); similar and rerank
 * three; trending none once cached. Keys and settings come from memory.
 */
@QuarkusTest
class StatementBudgetTest {

  @Inject Pool pool;
  private ServingFixture f;

  @BeforeEach
  void fixture() {
    f = new ServingFixture(pool);
    f.settings("{\"rules\": [{\"id\": \"sale\", \"kind\": \"boost\", \"filter\": \"category:coffee\", \"factor\": 1.2},"
        + " {\"id\": \"top\", \"kind\": \"pin\", \"itemId\": \"camp-6\", \"position\": 1}]}");
    f.coVisit("coffee-2", "coffee-4", 5);
  }

  private Response call(String method, String path, String body) {
    var r = given().header("Authorization", "Bearer " + f.tenant.serveKey());
    if (body != null) {
      r = r.contentType("application/json").body(body);
    }
    return method.equals("GET") ? r.get(path) : r.post(path);
  }

  private int statements(Response r) {
    assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    return Integer.parseInt(r.header(RequestTimingFilter.HEADER));
  }

  @Test
  void aFeedSimilarAndRerankSendThreeStatementsAndTrendingNone() {
    // The first requests fill the caches (key, settings, tenant keys, exploration, popularity).
    call("GET", "/v1/users/u1/recommendations?count=5", null);
    call("GET", "/v1/trending", null);
    Response feed = call("GET", "/v1/users/u1/recommendations?count=5", null);
    assertThat(statements(feed)).isEqualTo(3);
    List<String> sources = feed.jsonPath().getList("items.source");
    assertThat(sources).as("the list really used every source the statement read").contains("co-visit", "promoted/top")
        .anyMatch(s -> s.startsWith("interest/"));
    assertThat(statements(call("GET", "/v1/items/camp-2/similar?userId=u1&count=3", null))).isEqualTo(3);
    assertThat(statements(call("GET", "/v1/items/camp-2/similar?count=3", null))).isLessThanOrEqualTo(3);
    // With the worker's neighbour list (V29) instead of a live search: still three.
    f.neighbours("camp-2", Map.of("camp-1", 0.9, "camp-3", 0.8, "camp-4", 0.7, "coffee-1", 0.2));
    assertThat(statements(call("GET", "/v1/items/camp-2/similar?userId=u1&count=3", null))).isEqualTo(3);
    assertThat(statements(call("POST", "/v1/rerank", "{\"userId\":\"u1\",\"itemIds\":[\"camp-3\",\"coffee-3\"]}")))
        .isEqualTo(3);
    assertThat(statements(call("GET", "/v1/trending?count=3", null))).isZero();
    // An unknown user: the user statement finds nobody, the list is trending (+ the pin read).
    assertThat(statements(call("GET", "/v1/users/nobody-" + System.nanoTime() + "/recommendations", null)))
        .isLessThanOrEqualTo(3);
  }

  @Test
  void aDislikeAlsoDropsTheCoVisitItemsItExplains() {
    f.coVisit("coffee-2", "coffee-3", 50);
    f.append("u1", new ItemViewed("coffee-2", null, null, null, null), "coffee-2");
    List<Map<String, Object>> before = call("GET", "/v1/users/u1/recommendations?count=8", null).jsonPath().getList("items");
    assertThat(before).anyMatch(i -> "co-visit".equals(i.get("source")));
    f.append("u1", new FeedbackGiven("dislike", "coffee-2", null, null), "coffee-2");
    List<Map<String, Object>> after = call("GET", "/v1/users/u1/recommendations?count=8", null).jsonPath().getList("items");
    assertThat(after).isNotEmpty().noneMatch(i -> "co-visit".equals(i.get("source"))
        && String.valueOf(i.get("explanation")).contains("Coffee item 2"));
  }

  @Test
  void precomputedListsAreReadByIdAndAnInterestWithoutOneIsSearchedLive() {
    List<Map<String, Object>> live = call("GET", "/v1/users/u1/recommendations?count=10", null).jsonPath().getList("items");
    String coffee = live.stream().filter(i -> String.valueOf(i.get("itemId")).startsWith("coffee-")
        && String.valueOf(i.get("source")).startsWith("interest/")).map(i -> (String) i.get("source")).findFirst().orElseThrow();
    assertThat(live).as("a live search never puts a camping item under the coffee interest")
        .noneMatch(i -> "camp-5".equals(i.get("itemId")) && coffee.equals(i.get("source")));
    // The worker listed the coffee interest only, and (say) camp-5 as nearest to it.
    f.candidates("u1", Map.of(coffee, Map.of("camp-5", 0.99, "coffee-4", 0.9)));
    Response feed = call("GET", "/v1/users/u1/recommendations?count=10", null);
    assertThat(statements(feed)).isEqualTo(3);
    List<Map<String, Object>> items = feed.jsonPath().getList("items");
    assertThat(items).as("the list is what proposed it").anyMatch(i -> "camp-5".equals(i.get("itemId")) && coffee.equals(i.get("source")));
    // The camping interest has no list yet: it is searched live, its items still come.
    assertThat(items).anyMatch(i -> String.valueOf(i.get("source")).startsWith("interest/") && !coffee.equals(i.get("source")));
    // A request with its own filter searches live: the list does not decide.
    List<Map<String, Object>> filtered = call("GET", "/v1/users/u1/recommendations?count=10&filter=category:outdoor", null)
        .jsonPath().getList("items");
    assertThat(filtered).isNotEmpty().noneMatch(i -> "camp-5".equals(i.get("itemId")) && coffee.equals(i.get("source")));
  }
}
