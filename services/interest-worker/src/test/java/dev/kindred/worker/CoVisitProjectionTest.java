package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.events.ItemViewed;
import dev.kindred.recsys.Heat;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Co-visitation counted from users' sequences: 1/distance within 5, both directions, once. */
@QuarkusTest
class CoVisitProjectionTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  @Inject Pool pool;

  @Test
  void itemsEngagedWithCloseTogetherCountAsCoVisited() {
    UUID tenant = TestTenants.create(pool).id();
    TestEvents.append(pool, tenant, "u1", T0, view("a"), view("b"), view("c"));
    TestEvents.append(pool, tenant, "u2", T0, view("a"), view("b"));
    awaitTrue(() -> engagements(tenant, "c") == 1 && engagements(tenant, "a") == 2, "the engagements counted");
    assertThat(weight(tenant, "a", "b")).isCloseTo(2, within(1e-6));
    assertThat(weight(tenant, "b", "a")).isCloseTo(2, within(1e-6));
    assertThat(weight(tenant, "a", "c")).isCloseTo(0.5, within(1e-6));
    assertThat(weight(tenant, "b", "c")).isCloseTo(1, within(1e-6));
    // A later batch: u1's previous items come from the stream (c 1 back, b 2, a 3).
    TestEvents.append(pool, tenant, "u1", T0.plusSeconds(60), view("d"), view("d"));
    awaitTrue(() -> engagements(tenant, "d") == 2, "the later engagements counted");
    assertThat(weight(tenant, "d", "c")).isCloseTo(1 + 0.5, within(1e-6));
    assertThat(weight(tenant, "d", "b")).isCloseTo(0.5 + 1 / 3.0, within(1e-6));
    assertThat(weight(tenant, "d", "a")).isCloseTo(1 / 3.0 + 0.25, within(1e-6));
    assertThat(weight(tenant, "d", "d")).isZero();
  }

  @Test
  void engagementsHeatTheirItemsForTrendingAnonymousOnesToo() {
    UUID tenant = TestTenants.create(pool).id();
    TestEvents.append(pool, tenant, "u1", T0, view("a"), view("b"));
    TestEvents.append(pool, tenant, "_anonymous", T0, view("a"), view("a"));
    awaitTrue(() -> heat(tenant, "a") > 2.9, "the anonymous engagements heated item a");
    // Recorded seconds ago: each still counts ~1 (half-life three days).
    assertThat(heat(tenant, "a")).isCloseTo(3, within(0.01));
    assertThat(heat(tenant, "b")).isCloseTo(1, within(0.01));
    assertThat(heat(tenant, "c")).isZero();
    // Co-visitation counts end-users' sequences only.
    assertThat(engagements(tenant, "a")).isEqualTo(1);
  }

  /** The item's heat now, as trending reads it. */
  private double heat(UUID tenant, String item) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT heat FROM item_heat WHERE item_id = $1")
        .execute(Tuple.of(item))).await().indefinitely();
    return rows.size() == 0 ? 0 : Heat.at(rows.iterator().next().getDouble(0), Instant.now());
  }

  private double weight(UUID tenant, String a, String b) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT weight FROM co_visits WHERE item_id = $1 AND other_id = $2").execute(Tuple.of(a, b)))
        .await().indefinitely();
    return rows.size() == 0 ? 0 : rows.iterator().next().getFloat(0);
  }

  private double engagements(UUID tenant, String item) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "SELECT engagements FROM item_engagement WHERE item_id = $1").execute(Tuple.of(item)))
        .await().indefinitely();
    return rows.size() == 0 ? 0 : rows.iterator().next().getFloat(0);
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, null, null, null, null);
  }
}
