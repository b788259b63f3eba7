package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;
import dev.kindred.eventstore.EventStore;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestLabel;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.ProfileCodec;
import dev.kindred.interest.Signal;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The home feed over a hand-made catalogue (camping items near one axis, coffee near another) and
 * a profile built by the real update rule: interest candidates, filters, MMR, explanations that
 * cite the user's own events, trending for users without a profile, impressions logged.
 */
@QuarkusTest
class FeedApiTest {

  private static final Instant NOW = Instant.now().minusSeconds(120);
  @Inject Pool pool;
  private TestTenants.T tenant;
  private final Map<String, float[]> vectors = new HashMap<>();
  private final Map<String, String> titles = new HashMap<>();

  @BeforeEach
  void catalogueAndProfile() {
    tenant = TestTenants.create(pool);
    for (int i = 1; i <= 6; i++) {
      item("camp-" + i, "Camping item " + i, axis(0, 2, 0.1f * i));
    }
    for (int i = 1; i <= 4; i++) {
      item("coffee-" + i, "Coffee item " + i, axis(1, 3, 0.1f * i));
    }
    item("bad", "Disliked camping thing", axis(0, 4, 1f));

    InterestUpdater u = new InterestUpdater(InterestSettings.defaults());
    InterestProfile p = new InterestProfile("u1");
    u.apply(p, signal("camp-1", "view", 1, 1));
    u.apply(p, signal("camp-1", "purchase", 8, 2));
    u.apply(p, signal("camp-2", "view", 1, 3));
    u.apply(p, signal("coffee-1", "view", 1, 4));
    u.apply(p, signal("coffee-1", "click", 2, 5));
    u.apply(p, signal("coffee-2", "view", 1, 6));
    u.apply(p, signal("bad", "dislike", -5, 7));
    p.clusters().forEach(k -> k.label(new InterestLabel(List.of(k.centroid()[0] > 0.5 ? "Camping" : "Coffee"),
        InterestLabel.TAXONOMY, 0.7)));
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO interest_profiles (tenant_id, user_id, profile, centroids, session_vector)
            VALUES ($1, 'u1', $2::text::jsonb, $3, $4::text::vector)
            """).execute(Tuple.of(tenant.id(), ProfileCodec.encode(p), Buffer.buffer(ProfileCodec.packCentroids(p)),
            Vectors.toPgVector(p.session())))).await().indefinitely();
    append("u1", new ItemPurchased("camp-1", null, 1, 10.0, null, null), "camp-1");
    for (int i = 0; i < 3; i++) {
      append("other-" + i, new ItemViewed("coffee-3", null, null, null, null), "coffee-3");
    }
    append("other-9", new ItemViewed("camp-5", null, null, null, null), "camp-5");
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
    // Faithful explanations: every cited event is one of this user's supporting events, with its real title.
    for (int i = 0; i < ids.size(); i++) {
      String sentence = feed.getString("items[" + i + "].explanation.sentence");
      List<String> cited = feed.getList("items[" + i + "].explanation.because.itemId");
      assertThat(List.of("camp-1", "camp-2", "coffee-1", "coffee-2")).containsAll(cited);
      for (String c : cited) {
        assertThat(sentence).contains("'" + titles.get(c) + "'");
      }
      assertThat(sentence).matches("(Because you .*|Close to .*)\\.");
    }
    String recommendationId = feed.getString("recommendationId");
    Eventually.until(() -> impressions(recommendationId) == 1);

    given().header("Authorization", "Bearer " + tenant.serveKey())
        .queryParam("count", 5).queryParam("exclude", "camp-2,camp-3").when().get("/v1/users/u1/recommendations")
        .then().statusCode(200).extract().jsonPath().getList("items.itemId")
        .forEach(id -> assertThat(id).isNotIn("camp-2", "camp-3"));
  }

  @Test
  void aUserWithoutProfileGetsTrendingAndBadRequestsAreProblems() {
    JsonPath feed = given().header("Authorization", "Bearer " + tenant.serveKey())
        .when().get("/v1/users/newcomer/recommendations").then().statusCode(200)
        .body("personalized", equalTo(false)).extract().jsonPath();
    assertThat(feed.getString("note")).contains("no interest profile");
    // coffee-3 was viewed three times this week; camp-1 bought once, camp-5 viewed once.
    assertThat(feed.getList("items.itemId")).containsExactlyInAnyOrder("coffee-3", "camp-1", "camp-5");
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

  private void item(String id, String title, float[] v) {
    vectors.put(id, v);
    titles.put(id, title);
    TenantTx.run(pool, tenant.id(), c -> c.preparedQuery("""
            INSERT INTO items (tenant_id, item_id, title, last_event_seq, embedding, embedding_model)
            VALUES ($1, $2, $3, 0, $4::text::vector, 'test')
            """).execute(Tuple.of(tenant.id(), id, title, Vectors.toPgVector(v)))).await().indefinitely();
  }

  private Signal signal(String item, String type, double w, long seq) {
    return new Signal(vectors.get(item), w, NOW.plusSeconds(seq), seq, type, item, titles.get(item), Map.of());
  }

  private void append(String user, KindredEvent e, String item) {
    EventEnvelope env = EventEnvelope.toAppend(tenant.id(), user, UUID.randomUUID(), e, item, NOW);
    TenantTx.run(pool, tenant.id(), c -> new EventStore().append(c, List.of(env))).await().indefinitely();
  }

  private long impressions(String recommendationId) {
    return TenantTx.run(pool, tenant.id(), c -> c.preparedQuery(
            "SELECT count(*) FROM events WHERE type = 'ImpressionLogged' AND payload->>'recommendationId' = $1")
        .execute(Tuple.of(recommendationId))).await().indefinitely().iterator().next().getLong(0);
  }

  /** A unit vector along {@code main} tilted towards {@code side}. */
  private static float[] axis(int main, int side, float tilt) {
    float[] v = new float[384];
    v[main] = 1;
    v[side] = tilt;
    return Vectors.normalize(v);
  }

  /** Polls a condition for up to 10 s. */
  static final class Eventually {
    static void until(java.util.function.BooleanSupplier condition) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (!condition.getAsBoolean()) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("condition not reached within 10 s");
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
