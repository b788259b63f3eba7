package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemViewed;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.eventstore.subscription.SubscriptionRunner;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.config.DbConnectOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** One event a projection cannot apply is parked; every other event and tenant goes on. */
@QuarkusTest
class SubscriptionParkingTest {

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject Config config;

  @Test
  void anEventThatKeepsFailingIsParkedWithItsErrorAndTheRestAreAppliedOnce() throws Exception {
    UUID tenant = TestTenants.create(pool).id();
    List<EventEnvelope> events = List.of(view(tenant, "ok-1"), view(tenant, "poison"), view(tenant, "ok-2"));
    TenantTx.run(pool, tenant, c -> new EventStore().append(c, events)).await().indefinitely();
    // Stream keys are stored as pseudonyms: the events are told apart by id.
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    SubscriptionHandler<Void> handler = new SubscriptionHandler<>() {
      @Override
      public Void prepare(List<Delivered> batch) {
        for (Delivered d : batch) {
          if (d.envelope().tenantId().equals(tenant) && d.envelope().eventId().equals(events.get(1).eventId())) {
            throw new IllegalArgumentException("cannot project " + d.envelope().eventId());
          }
        }
        return null;
      }

      @Override
      public Uni<Void> apply(SqlConnection tx, List<Delivered> batch, Void prepared) {
        batch.stream().filter(d -> d.envelope().tenantId().equals(tenant)).forEach(d -> applied.add(d.envelope().eventId().toString()));
        return Uni.createFrom().voidItem();
      }
    };
    String name = "parking-test-" + UUID.randomUUID();
    try (SubscriptionRunner<Void> runner = new SubscriptionRunner<>(name, null, 500, Duration.ofMillis(100), handler,
        pool, vertx, DbConnectOptions.app(config)).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (applied.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(applied).containsExactly(events.get(0).eventId().toString(), events.get(2).eventId().toString());
      assertThat(runner.parked()).isEqualTo(1);
    }
    var row = pool.preparedQuery("SELECT seq, tenant_id, type, error FROM subscription_parked WHERE name = $1")
        .execute(Tuple.of(name)).await().indefinitely().iterator().next();
    assertThat(row.getUUID("tenant_id")).isEqualTo(tenant);
    assertThat(row.getString("type")).isEqualTo("ItemViewed");
    assertThat(row.getString("error")).contains("cannot project " + events.get(1).eventId());
  }

  private static EventEnvelope view(UUID tenant, String user) {
    return EventEnvelope.toAppend(tenant, user, UUID.randomUUID(), new ItemViewed("item-1", null, null, null, Map.of()),
        "item-1", Instant.now());
  }
}
