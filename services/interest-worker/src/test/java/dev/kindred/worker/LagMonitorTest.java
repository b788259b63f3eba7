package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.subscription.LagMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Lag made visible: a projection held back (its checkpoint left before a tenant's three new events)
 * shows three events behind — in its subscription's gauges, in the tenant's gauges and in
 * {@code tenant_lag}, which ingest's gate reads — with the age of the oldest; once the checkpoint
 * moves past them the tenant's row is gone and its gauges read zero.
 */
@QuarkusTest
class LagMonitorTest {

  private static final String HELD_BACK = "interest-profiles/lag-test";
  @Inject Pool pool;
  @Inject DataSource owner;
  @Inject LagMonitor monitor;
  @Inject MeterRegistry registry;

  @Test
  void aHeldBackProjectionShowsItsTenantsLagUntilItCatchesUp() throws SQLException {
    UUID tenant = TestTenants.create(pool).id();
    try (Connection c = owner.getConnection()) {
      // At the newest event, in the order subscriptions read: (tx_id, seq).
      exec(c, "INSERT INTO subscription_checkpoints (name, last_tx_id, last_seq) SELECT ?, tx_id, seq FROM events"
          + " ORDER BY tx_id DESC, seq DESC LIMIT 1", HELD_BACK);
      try {
        // Catalogue events are the tenant's own stream: not behaviour, not counted.
        TestCatalogue.upsert(pool, tenant, TestCatalogue.item("tent", "Ultralight tent", "Dome tent"));
        Instant before = Instant.now();
        TestEvents.append(pool, tenant, "slow-user", Instant.now(), view("tent"), view("tent"), view("tent"));

        monitor.measure(List.of(HELD_BACK), List.of(HELD_BACK));

        assertThat(monitor.subscription(HELD_BACK).events()).isGreaterThanOrEqualTo(3);
        assertThat(monitor.tenant(tenant).events()).isEqualTo(3);
        assertThat(monitor.tenant(tenant).seconds()).isBetween(0.0, Duration.between(before, Instant.now()).toMillis() / 1000.0 + 1);
        assertThat(registry.get("kindred_tenant_lag_events").tag("tenant", tenant.toString()).gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("kindred_subscription_lag_events").tag("subscription", HELD_BACK).gauge().value())
            .isGreaterThanOrEqualTo(3.0);
        assertThat(lagRow(tenant)).isEqualTo(3);

        exec(c, "UPDATE subscription_checkpoints c SET last_tx_id = e.tx_id, last_seq = e.seq FROM (SELECT tx_id, seq FROM events"
            + " ORDER BY tx_id DESC, seq DESC LIMIT 1) e WHERE c.name = ?", HELD_BACK);
        monitor.measure(List.of(HELD_BACK), List.of(HELD_BACK));

        assertThat(monitor.tenant(tenant).events()).isZero();
        assertThat(registry.get("kindred_tenant_lag_events").tag("tenant", tenant.toString()).gauge().value()).isZero();
        assertThat(lagRow(tenant)).isEqualTo(-1);
      } finally {
        exec(c, "DELETE FROM subscription_checkpoints WHERE name = ?", HELD_BACK);
      }
    }
  }

  /** The tenant's events behind in tenant_lag as the tenant itself reads it; -1 without a row. */
  private long lagRow(UUID tenant) {
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT events FROM tenant_lag WHERE tenant_id = $1")
        .execute(Tuple.of(tenant))).await().atMost(Duration.ofSeconds(10));
    return rows.size() == 0 ? -1 : rows.iterator().next().getLong(0);
  }

  private static void exec(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, arg);
      st.executeUpdate();
    }
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, null, null, null, Map.of());
  }
}
