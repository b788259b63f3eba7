package dev.kindred.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Bounded lag: while the worker measures this tenant's interest profiles more than
 * {@code kindred.ingest.max-lag-seconds} (300) behind, its behaviour events are answered 429
 * problem+json with Retry-After and nothing is stored; once the projection has caught up (the row
 * says so, or is gone) the same events are accepted. Another tenant is never refused for it.
 */
@QuarkusTest
class LagGateTest {

  @Inject Pool pool;
  // The owner writes tenant_lag as the worker's record_interest_lag() would.
  @Inject DataSource owner;

  @Test
  void aTenantTooFarBehindIsAnswered429UntilItsProfilesCatchUp() throws Exception {
    TestTenants.T behind = TestTenants.create(pool);
    TestTenants.T other = TestTenants.create(pool);
    recordLag(behind.id(), 250_000, "10 minutes");
    String event = UUID.randomUUID().toString();

    awaitStatus(behind.ingestKey(), 429);
    post(behind.ingestKey(), event).then().statusCode(429)
        .header("Retry-After", equalTo("5"))
        .contentType(containsString("application/problem+json"))
        .body("status", equalTo(429)).body("detail", containsString("250000 events"));
    assertThat(stored(behind.id(), event)).isZero();
    post(other.ingestKey(), UUID.randomUUID().toString()).then().statusCode(200);

    // Behind, but within the bound: accepted.
    recordLag(behind.id(), 900, "20 seconds");
    awaitStatus(behind.ingestKey(), 200);
    post(behind.ingestKey(), event).then().statusCode(200);
    assertThat(stored(behind.id(), event)).isEqualTo(1);

    // Behind again, then caught up: the worker removes the row.
    recordLag(behind.id(), 400_000, "15 minutes");
    awaitStatus(behind.ingestKey(), 429);
    try (Connection c = owner.getConnection();
        PreparedStatement st = c.prepareStatement("DELETE FROM tenant_lag WHERE tenant_id = ?")) {
      st.setObject(1, behind.id());
      st.executeUpdate();
    }
    awaitStatus(behind.ingestKey(), 200);
  }

  private void recordLag(UUID tenant, long events, String age) throws SQLException {
    try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement("""
        INSERT INTO tenant_lag (tenant_id, events, oldest_at, measured_at) VALUES (?, ?, now() - ?::interval, now())
        ON CONFLICT (tenant_id) DO UPDATE SET events = EXCLUDED.events, oldest_at = EXCLUDED.oldest_at,
          measured_at = EXCLUDED.measured_at""")) {
      st.setObject(1, tenant);
      st.setLong(2, events);
      st.setString(3, age);
      st.executeUpdate();
    }
  }

  /**
   * The gate reads the figures in the background (every 100 ms in tests): posts probe events (fresh
   * ids) until it answers {@code status}.
   */
  private void awaitStatus(String key, int status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last;
    do {
      last = post(key, UUID.randomUUID().toString()).statusCode();
      if (last == status) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    } while (System.nanoTime() < deadline);
    assertThat(last).as("status within 10 s").isEqualTo(status);
  }

  private static io.restassured.response.Response post(String key, String eventId) {
    return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
        .body(List.of(Map.of("eventId", eventId, "type", "view", "userId", "lagging-user", "itemId", "item-1")))
        .post("/v1/events");
  }

  private long stored(UUID tenant, String eventId) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT count(*) FROM events WHERE event_id = $1")
        .execute(Tuple.of(UUID.fromString(eventId)))).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
  }
}
