package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemViewed;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.worker.config.DbConnectOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * An append announces the event types it stored (V30), which is what lets a subscription sleep
 * through appends it has nothing to do with (impressions, ten times a second under serving load).
 */
@QuarkusTest
class TypedWakeupTest {

  @Inject Pool pool;
  @Inject Vertx vertx;
  @Inject Config config;

  @Test
  void anAppendAnnouncesTheTypesItStored() throws Exception {
    UUID tenant = TestTenants.create(pool).id();
    BlockingQueue<String> payloads = new LinkedBlockingQueue<>();
    PgConnection listener = PgConnection.connect(vertx, DbConnectOptions.app(config)).await().indefinitely();
    try {
      listener.notificationHandler(n -> payloads.add(n.getPayload()));
      listener.query("LISTEN kindred_events").execute().await().indefinitely();
      EventEnvelope view = EventEnvelope.toAppend(tenant, "u1", UUID.randomUUID(),
          new ItemViewed("tent", null, null, null, null), "tent", Instant.now());
      EventEnvelope shown = EventEnvelope.toAppend(tenant, "u1", UUID.randomUUID(),
          new ImpressionLogged("r1", "home", List.of("tent"), List.of("trending")), null, Instant.now());
      TenantTx.run(pool, tenant, c -> new EventStore().append(c, List.of(view, shown))).await().indefinitely();
      String payload = null;
      // Other tests' appends may come first; ours is the one naming both types.
      for (int i = 0; i < 50 && (payload == null || !payload.contains("ImpressionLogged")); i++) {
        payload = payloads.poll(10, TimeUnit.SECONDS);
      }
      assertThat(payload).isNotNull();
      assertThat(Arrays.asList(payload.split(","))).containsExactlyInAnyOrder("ImpressionLogged", "ItemViewed");
    } finally {
      listener.close().await().indefinitely();
    }
  }
}
