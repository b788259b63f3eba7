package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile API over a profile row as interest-worker writes it (the worker itself is tested in
 * its module; here no worker runs, so corrections stay queued and the API says 202).
 */
@QuarkusTest
class ProfileApiTest {

  private static final String DOC = """
      {"userId":"u1","nextClusterId":3,"updatedAt":"2026-11-20T18:00:05Z",
       "session":{"vector":"AAAAAA==","weight":2.5,"at":"2026-11-20T18:00:05Z"},
       "clusters":[
        {"id":1,"weight":6.0,"decayedAt":"2026-11-20T18:00:05Z","events":4,"firstSeen":"2026-11-20T18:00:00Z",
         "lastSeen":"2026-11-20T18:00:03Z","muted":false,
         "label":{"words":["Camping"],"source":"taxonomy","confidence":0.71,"detail":["tent"]},"context":{"daypart=evening":4},
         "support":[{"seq":12,"type":"purchase","itemId":"tent","title":"Ultralight tent","at":"2026-11-20T18:00:03Z"}]},
        {"id":2,"weight":2.0,"decayedAt":"2026-11-20T18:00:05Z","events":1,"firstSeen":"2026-11-20T18:00:04Z",
         "lastSeen":"2026-11-20T18:00:04Z","muted":false,
         "label":{"words":["kayak","paddle"],"source":"terms","confidence":1.0},"context":{},"support":[]}],
       "negatives":[{"vector":"AAAAAA==","weight":5,"reason":"dislike","itemId":"grinder","title":"Burr grinder",
                     "at":"2026-11-20T18:00:05Z"}]}
      """;

  @Inject Pool pool;
  private TestTenants.T tenant;

  @BeforeEach
  void profile() {
    tenant = TestTenants.create(pool);
    String unit = "[" + "0,".repeat(383) + "1]";
    String other = "[1," + "0,".repeat(382) + "0]";
    // Profiles are keyed by the user's pseudonym, as the worker stores them.
    TenantTx.run(pool, tenant.id(), c -> UserKeys.findOrCreate(c, tenant.id(), java.util.List.of("u1")).chain(k -> c.preparedQuery("""
            INSERT INTO interest_profiles (tenant_id, user_id, profile, session_vector, last_seq)
            VALUES ($1, $4, $2::text::jsonb, $3::text::vector, 12)
            """).execute(Tuple.of(tenant.id(), DOC, unit, k.get("u1").pseudonym()))
        .chain(() -> c.preparedQuery("""
            INSERT INTO interest_clusters (tenant_id, user_id, cluster_id, centroid, weight, label) VALUES
              ($1, $4, 1, $2::text::vector, 6, 'Camping'), ($1, $4, 2, $3::text::vector, 2, 'kayak, paddle')
            """).execute(Tuple.of(tenant.id(), other, unit, k.get("u1").pseudonym()))))).await().indefinitely();
  }

  @Test
  void theProfileShowsInterestsInWordsWithEvidenceShortTermAndNegatives() {
    given().header("Authorization", "Bearer " + tenant.serveKey())
        .when().get("/v1/users/u1/profile")
        .then().statusCode(200)
        .body("userId", equalTo("u1"))
        .body("interests[0].id", equalTo(1))
        .body("interests[0].words", hasItem("Camping"))
        .body("interests[0].source", equalTo("taxonomy"))
        .body("interests[0].detail", hasItem("tent"))
        .body("interests[0].share", equalTo(0.75f))
        .body("interests[0].supportingEvents[0].title", equalTo("Ultralight tent"))
        .body("interests[0].context.'daypart=evening'", equalTo(4))
        .body("interests[1].source", equalTo("terms"))
        .body("shortTerm.nearestInterestId", equalTo(2))
        .body("shortTerm.words", hasItem("kayak"))
        .body("negatives[0].reason", equalTo("dislike"))
        .body("negatives[0].itemId", equalTo("grinder"));
  }

  @Test
  void unknownUsersOtherTenantsAndWrongKeysGetProblems() {
    given().header("Authorization", "Bearer " + tenant.serveKey())
        .when().get("/v1/users/nobody/profile")
        .then().statusCode(404).contentType("application/problem+json")
        .body("detail", containsString("no interest profile"));
    TestTenants.T other = TestTenants.create(pool);
    given().header("Authorization", "Bearer " + other.serveKey())
        .when().get("/v1/users/u1/profile")
        .then().statusCode(404);
    given().header("Authorization", "Bearer " + tenant.ingestKey())
        .when().get("/v1/users/u1/profile")
        .then().statusCode(403);
    given().when().get("/v1/users/u1/profile").then().statusCode(401);
  }

  @Test
  void withdrawnConsentIsSaidPlainly() {
    // Only the event: no projection has run, and the withdrawal holds at once.
    dev.kindred.events.EventEnvelope withdrawn = dev.kindred.events.EventEnvelope.toAppend(tenant.id(), "u9",
        UUID.randomUUID(), new dev.kindred.events.ConsentChanged(false, false), null, java.time.Instant.now());
    TenantTx.run(pool, tenant.id(), c -> new dev.kindred.eventstore.EventStore().append(c, java.util.List.of(withdrawn)))
        .await().indefinitely();
    given().header("Authorization", "Bearer " + tenant.serveKey())
        .when().get("/v1/users/u9/profile")
        .then().statusCode(404).body("detail", containsString("withdrawn consent"));
  }

  @Test
  void correctionsAreValidatedThenStoredAsEvents() {
    given().header("Authorization", "Bearer " + tenant.serveKey()).contentType("application/json")
        .body("{\"interests\":[{\"id\":7,\"muted\":true},{\"id\":1},{\"id\":\"x\"}]}")
        .when().patch("/v1/users/u1/profile")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("interests[0].id"))
        .body("errors.field", hasItem("interests[1]"))
        .body("errors.field", hasItem("interests[2].id"));
    given().header("Authorization", "Bearer " + tenant.serveKey()).contentType("application/json")
        .body("{\"interests\":[]}")
        .when().patch("/v1/users/u1/profile")
        .then().statusCode(400).body("errors[0].field", equalTo("interests"));
    given().header("Authorization", "Bearer " + tenant.serveKey()).contentType("application/json")
        .body("not json")
        .when().patch("/v1/users/u1/profile")
        .then().statusCode(400);

    String id = given().header("Authorization", "Bearer " + tenant.serveKey()).contentType("application/json")
        .body("{\"interests\":[{\"id\":1,\"muted\":true},{\"id\":2,\"deleted\":true}]}")
        .when().patch("/v1/users/u1/profile")
        .then().statusCode(202).body("status", equalTo("accepted"))
        .extract().path("eventIds[1]");
    var rows = TenantTx.run(pool, tenant.id(), c -> new EventStore().readRecent(c, tenant.id(), java.util.List.of("InterestCorrected"), 1))
        .await().indefinitely();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).event()).isEqualTo(new dev.kindred.events.InterestCorrected(1, "mute"));
    assertThat(UUID.fromString(id)).isNotNull();
  }
}
