package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.ConsentChanged;
import dev.kindred.events.ItemViewed;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.privacy.RetentionPurge;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention on the real store: with retentionDays 1, behaviour of three days ago is deleted
 * (consent records are kept), a user left with nothing loses their key, the purge is audited, and
 * the replay it queues re-derives profiles from what remains.
 */
@QuarkusTest
class RetentionPurgeTest {

  @Inject Pool pool;

  @Test
  void expiredBehaviourIsDeletedConsentKeptAndProfilesRederived() {
    Map<String, Object> s = TenantSettings.defaults().toMap();
    s.put("retentionDays", 1);
    UUID tenant = TestTenants.create(pool, TenantSettings.fromMap(s)).id();
    TestCatalogue.upsert(pool, tenant,
        TestCatalogue.item("tent", "Ultralight two-person tent", "Freestanding dome tent for backpacking"),
        TestCatalogue.item("stove", "Camping stove", "Boils water in three minutes at the campsite"),
        TestCatalogue.item("beans", "Single-origin coffee beans", "Freshly roasted with notes of cherry"));
    Instant old = Instant.now().minus(3, ChronoUnit.DAYS);
    Instant fresh = Instant.now().minusSeconds(60);
    TestEvents.append(pool, tenant, "gone", old, view("tent"), view("stove"));
    TestEvents.append(pool, tenant, "mixed", old, view("tent"), view("stove"), new ConsentChanged(true, true));
    TestEvents.append(pool, tenant, "mixed", fresh, view("beans"));
    String gone = TestEvents.pseudonym(pool, tenant, "gone");
    String mixed = TestEvents.pseudonym(pool, tenant, "mixed");
    // A user whose key exists but whose first events are not in the table yet (with Kafka: acknowledged
    // on the topic, not archived yet) is not "left with nothing" by a purge: the key stays.
    TenantTx.run(pool, tenant, c -> dev.kindred.eventstore.privacy.UserKeys.findOrCreate(c, tenant, java.util.List.of("in-flight")))
        .await().indefinitely();
    awaitTrue(() -> profileEvents(tenant, mixed) == 3 && profileEvents(tenant, gone) == 2, "both profiles built");

    UUID job = UUID.randomUUID();
    TenantTx.run(pool, tenant, c -> c.preparedQuery(
            "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, $3, 'PENDING', '{}')")
        .execute(Tuple.of(job, tenant, RetentionPurge.KIND))).await().indefinitely();
    awaitTrue(() -> "COMPLETED".equals(single(tenant, "SELECT status FROM jobs WHERE id = '" + job + "'")), "the purge done");

    // Mixed keeps the fresh view and the (old) consent record; Gone keeps nothing, not even a key.
    assertThat(count(tenant, "SELECT count(*) FROM events WHERE stream_key = $1", mixed)).isEqualTo(2);
    assertThat(count(tenant, "SELECT count(*) FROM events WHERE stream_key = $1 AND type = 'ConsentChanged'", mixed)).isEqualTo(1);
    assertThat(count(tenant, "SELECT count(*) FROM events WHERE stream_key = $1", gone)).isZero();
    assertThat(TestEvents.pseudonym(pool, tenant, "gone")).isNull();
    assertThat(TestEvents.pseudonym(pool, tenant, "in-flight")).isNotNull();
    assertThat(count(tenant, "SELECT count(*) FROM events WHERE stream_key = '_catalogue'", null)).isEqualTo(3);
    assertThat(single(tenant, "SELECT detail::text FROM audit_log WHERE action = 'retention.purge'"))
        .contains("\"events\": 4").contains("\"users\": 1").contains("\"retentionDays\": 1");
    // The replay re-derives: Mixed's profile holds the one remaining view, Gone has none.
    awaitTrue(() -> profileEvents(tenant, mixed) == 1 && profileEvents(tenant, gone) == 0, "profiles re-derived");
  }

  private long profileEvents(UUID tenant, String pseudonym) {
    String doc = single(tenant, "SELECT profile::text FROM interest_profiles WHERE user_id = '" + pseudonym + "'");
    if (doc == null) {
      return 0;
    }
    long n = 0;
    for (var c : dev.kindred.web.JsonBodies.parse(doc, Integer.MAX_VALUE).path("clusters")) {
      n += c.path("events").asLong();
    }
    return n;
  }

  private long count(UUID tenant, String sql, String arg) {
    return TenantTx.run(pool, tenant, c -> c.preparedQuery(sql).execute(arg == null ? Tuple.tuple() : Tuple.of(arg)))
        .await().indefinitely().iterator().next().getLong(0);
  }

  private String single(UUID tenant, String sql) {
    var rows = TenantTx.run(pool, tenant, c -> c.query(sql).execute()).await().indefinitely();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, null, null, null, Map.of());
  }
}
