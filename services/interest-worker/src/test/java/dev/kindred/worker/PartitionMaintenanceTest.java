package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ConsentChanged;
import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.storage.PartitionMaintenance;
import dev.kindred.worker.storage.PartitionMaintenance.Action;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The event log's partitions with the calendar run 14 months forward: the months ahead of that
 * day get their partitions, rows that landed in the default partition move into partitions of
 * their own, and a past partition holding only expired behaviour is dropped whole (its ids, an
 * audit entry and a replay with it) while one holding a consent record stays.
 */
@QuarkusTest
class PartitionMaintenanceTest {

  @Inject Pool pool;
  // The owner's connection (the one migrations use): only it may move rows between partitions, as
  // time passing would.
  @Inject DataSource owner;
  @Inject PartitionMaintenance maintenance;

  @Test
  void theCalendarFourteenMonthsAheadKeepsPartitionsAheadMovesStrayRowsAndDropsExpiredOnes() throws SQLException {
    Map<String, Object> s = TenantSettings.defaults().toMap();
    s.put("retentionDays", 30);
    UUID tenant = TestTenants.create(pool, TenantSettings.fromMap(s)).id();
    // The catalogue's own stream is never expired: the current month's partition must stay.
    TestCatalogue.upsert(pool, tenant, TestCatalogue.item("tent", "Ultralight tent", "Dome tent for backpacking"));
    Instant march2019 = Instant.parse("2019-03-10T12:00:00Z");
    List<UUID> oldViews = TestEvents.append(pool, tenant, "walker", march2019, view("tent"), view("stove"), view("map"));
    TestEvents.append(pool, tenant, "consenting", Instant.parse("2019-04-10T12:00:00Z"), new ConsentChanged(true, false));
    List<UUID> future = TestEvents.append(pool, tenant, "traveller", Instant.now(), view("tent"));
    ZonedDateTime ahead = ZonedDateTime.now(ZoneOffset.UTC).plusMonths(14);
    // Rows recorded when no partition existed for their month: March and April 2019, and 15 months ahead.
    try (Connection c = owner.getConnection()) {
      move(c, tenant, "recorded_at = occurred_at", "stream_key IN ($walker, $consenting)"
          .replace("$walker", quote(TestEvents.pseudonym(pool, tenant, "walker")))
          .replace("$consenting", quote(TestEvents.pseudonym(pool, tenant, "consenting"))));
      move(c, tenant, "recorded_at = now() + interval '15 months'", "event_id = '" + future.get(0) + "'");
      assertThat(partitionOf(c, oldViews.get(0))).isEqualTo("events_default");
    }

    List<Action> actions = maintenance.runAt(ahead.toInstant());

    assertThat(actions).anySatisfy(a -> {
      assertThat(a.action()).isEqualTo("dropped");
      assertThat(a.partition()).isEqualTo("events_y2019m03");
      assertThat(a.tenants()).contains(tenant);
    });
    try (Connection c = owner.getConnection()) {
      for (int m = 0; m <= 3; m++) {
        assertThat(exists(c, partitionName(ahead.plusMonths(m)))).as("partition %d months after the moved clock", m).isTrue();
      }
      // The stray rows are in partitions of their own; nothing of this tenant is left in the default.
      assertThat(partitionOf(c, future.get(0))).isEqualTo(partitionName(ZonedDateTime.now(ZoneOffset.UTC).plusMonths(15)));
      assertThat(count(c, "SELECT count(*) FROM events_default WHERE tenant_id = '" + tenant + "'")).isZero();
      // March 2019 held only expired views: dropped with their idempotency ids. April 2019 keeps its consent record.
      assertThat(exists(c, "events_y2019m03")).isFalse();
      assertThat(count(c, "SELECT count(*) FROM events WHERE tenant_id = '" + tenant + "' AND recorded_at < '2019-04-01'")).isZero();
      assertThat(count(c, "SELECT count(*) FROM event_ids WHERE event_id IN ('" + oldViews.get(0) + "', '"
          + oldViews.get(2) + "')")).isZero();
      assertThat(count(c, "SELECT count(*) FROM events_y2019m04 WHERE tenant_id = '" + tenant + "' AND type = 'ConsentChanged'"))
          .isEqualTo(1);
    }
    assertThat(tenantCount(tenant, "SELECT count(*) FROM audit_log WHERE action = 'retention.partition_dropped'")).isEqualTo(1);
    assertThat(tenantCount(tenant, "SELECT count(*) FROM jobs WHERE kind = 'replay'")).isEqualTo(1);

    // A second round on the same day finds nothing to move or drop.
    assertThat(maintenance.runAt(ahead.toInstant())).noneMatch(a -> a.action().equals("moved") || a.action().equals("dropped"));
  }

  private static void move(Connection c, UUID tenant, String set, String where) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("UPDATE events SET " + set + " WHERE tenant_id = '" + tenant + "' AND " + where)) {
      assertThat(st.executeUpdate()).isPositive();
    }
  }

  private static String partitionOf(Connection c, UUID eventId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT tableoid::regclass::text FROM events WHERE event_id = ?")) {
      st.setObject(1, eventId);
      try (ResultSet r = st.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      st.setString(1, table);
      try (ResultSet r = st.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql); ResultSet r = st.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private long tenantCount(UUID tenant, String sql) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(sql).execute(Tuple.tuple())).await().indefinitely()
        .iterator().next().getLong(0);
  }

  private static String partitionName(ZonedDateTime month) {
    return "events_y%04dm%02d".formatted(month.getYear(), month.getMonthValue());
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, null, null, null, Map.of());
  }
}
