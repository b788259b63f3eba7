package dev.kindred.recommend;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.eventstore.EventStore;
import dev.kindred.recommend.stats.service.NoisyCount;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's aggregates: clipped, noised at the tenant's ε, small groups suppressed, stable on
 * repeat, users without analytics consent left out.
 */
@QuarkusTest
class StatsApiTest {

  @Inject Pool pool;
  // The owner writes tenant_lag, as the worker does.
  @Inject javax.sql.DataSource owner;

  @Test
  void dailyCountsAreClippedNoisedAndSuppressedBelowTheMinimumGroup() {
    Map<String, Object> s = TenantSettings.defaults().toMap();
    s.put("dashboardEpsilon", 10.0);
    s.put("dashboardMinUsers", 3);
    TestTenants.T tenant = TestTenants.create(pool, TenantSettings.fromMap(s));
    List<EventEnvelope> batch = new ArrayList<>();
    Instant now = Instant.now();
    for (int u = 0; u < 5; u++) {
      batch.add(view(tenant.id(), "u" + u, now));
    }
    for (int i = 0; i < 50; i++) {
      batch.add(view(tenant.id(), "heavy", now));   // one user's 50 views count as 10
    }
    for (int u = 0; u < 2; u++) {
      batch.add(EventEnvelope.toAppend(tenant.id(), "u" + u, UUID.randomUUID(),
          new ItemPurchased("i-1", null, 1, 9.0, null, Map.of()), "i-1", now));
    }
    for (int u = 0; u < 3; u++) {
      batch.add(view(tenant.id(), "no-analytics-" + u, now));
    }
    TenantTx.run(pool, tenant.id(), c -> new EventStore().append(c, batch)).await().indefinitely();
    // Three users withdrew analytics consent (the worker's user_consent projection): never counted.
    for (int u = 0; u < 3; u++) {
      String user = "no-analytics-" + u;
      TenantTx.run(pool, tenant.id(), c -> dev.kindred.eventstore.privacy.UserKeys.find(c, tenant.id(), user)
          .chain(k -> c.preparedQuery("INSERT INTO user_consent (tenant_id, user_id, personalization, analytics) VALUES ($1, $2, true, false)")
              .execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant.id(), k.pseudonym())))).await().indefinitely();
    }

    JsonPath stats = get(tenant.serveKey(), 14);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    // ε 10: users (sensitivity 1) within ±1 of 6, events (sensitivity 10) within ±6 of 5 + 10.
    assertThat(stats.getDouble("daily.'" + today + "'.ItemViewed.users")).isCloseTo(6, within(1.0));
    assertThat(stats.getDouble("daily.'" + today + "'.ItemViewed.events")).isCloseTo(15, within(6.0));
    assertThat((Object) stats.get("daily.'" + today + "'.ItemPurchased.users")).isNull();   // 2 users < 3
    assertThat(stats.getString("note")).contains("Laplace");
    // Asking again cannot average the noise away: the same answer.
    assertThat(get(tenant.serveKey(), 14).prettify()).isEqualTo(stats.prettify());

    given().header("Authorization", "Bearer " + tenant.serveKey()).queryParam("days", 0)
        .when().get("/v1/stats").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("days"));
    given().header("Authorization", "Bearer " + tenant.ingestKey()).when().get("/v1/stats").then().statusCode(403);
  }

  @Test
  void freshnessSaysHowFarTheTenantsProfilesAreBehind() throws Exception {
    TestTenants.T tenant = TestTenants.create(pool);
    assertThat(get(tenant.serveKey(), 1).getLong("freshness.eventsBehind")).isZero();
    // What the worker's record_interest_lag() writes for a tenant whose projection is behind.
    try (var c = owner.getConnection(); var st = c.prepareStatement(
        "INSERT INTO tenant_lag (tenant_id, events, oldest_at, measured_at) VALUES (?, 4200, now() - interval '90 seconds', now())")) {
      st.setObject(1, tenant.id());
      st.executeUpdate();
    }
    JsonPath stats = get(tenant.serveKey(), 1);
    assertThat(stats.getLong("freshness.eventsBehind")).isEqualTo(4200);
    assertThat(stats.getDouble("freshness.secondsBehind")).isCloseTo(90, within(2.0));
    assertThat(stats.getString("freshness.measuredAt")).isNotBlank();
  }

  @Test
  void theNoiseIsLaplaceOfScaleSensitivityOverEpsilon() {
    // Over many cells the noise has mean 0 and mean absolute value = scale (here 1 / 0.5 = 2).
    double sum = 0;
    double abs = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long noisy = NoisyCount.of(1_000, 1_000, 1, 0.5, 1, "secret", "cell-" + i);
      sum += noisy - 1_000;
      abs += Math.abs(noisy - 1_000);
    }
    assertThat(sum / n).isCloseTo(0, within(0.1));
    assertThat(abs / n).isCloseTo(2.0, within(0.15));   // rounding to whole counts shifts it by < 0.1
    assertThat(NoisyCount.of(1_000, 4, 1, 0.5, 5, "secret", "small")).isNull();
  }

  private static JsonPath get(String key, int days) {
    return given().header("Authorization", "Bearer " + key).queryParam("days", days)
        .when().get("/v1/stats").then().statusCode(200).extract().jsonPath();
  }

  private static EventEnvelope view(UUID tenant, String user, Instant at) {
    return EventEnvelope.toAppend(tenant, user, UUID.randomUUID(), new ItemViewed("i-1", null, null, null, Map.of()), "i-1", at);
  }
}
