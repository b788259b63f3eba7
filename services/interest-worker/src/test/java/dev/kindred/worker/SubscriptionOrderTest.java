package dev.kindred.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemViewed;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.subscription.Position;
import dev.kindred.eventstore.subscription.SubscriptionStore;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Subscriptions never skip an event whose transaction commits after a later one's. */
@QuarkusTest
class SubscriptionOrderTest {

  @Inject Pool pool;
  private final EventStore events = new EventStore();
  private final SubscriptionStore store = new SubscriptionStore();

  @Test
  void aLateCommitIsReadAfterTheCheckpointNotSkipped() {
    UUID tenant = TestTenants.create(pool).id();
    Position start = endOfLog();
    EventEnvelope early = view(tenant, "early");
    EventEnvelope late = view(tenant, "late");

    SqlConnection a = pool.getConnection().await().indefinitely();
    try {
      Transaction txA = a.begin().await().indefinitely();
      TenantTx.bind(a, tenant).chain(() -> events.append(a, List.of(early))).await().indefinitely();
      // B starts after A and commits first: it has the higher seq and the higher transaction id.
      TenantTx.run(pool, tenant, c -> events.append(c, List.of(late))).await().indefinitely();

      List<UUID> whileAOpen = ids(store.read(pool, start, null, 1000).await().indefinitely());
      assertThat(whileAOpen).doesNotContain(early.eventId(), late.eventId());

      txA.commit().await().indefinitely();
    } finally {
      a.close().await().indefinitely();
    }
    List<UUID> afterCommit = ids(store.read(pool, start, null, 1000).await().indefinitely());
    assertThat(afterCommit).containsSubsequence(early.eventId(), late.eventId());
  }

  @Test
  void aTypeFilterStillMovesThePositionToTheEndOfWhatWasScanned() {
    UUID tenant = TestTenants.create(pool).id();
    Position start = endOfLog();
    TenantTx.run(pool, tenant, c -> events.append(c, List.of(view(tenant, "u1"), view(tenant, "u2"))))
        .await().indefinitely();
    SubscriptionStore.Batch batch = store.read(pool, start, Set.of("ItemUpserted"), 100).await().indefinitely();
    assertThat(batch.events()).isEmpty();
    assertThat(batch.end()).isGreaterThan(start);
    assertThat(store.read(pool, batch.end(), Set.of("ItemUpserted"), 100).await().indefinitely().end()).isNull();
  }

  /** Asking for no types yields only the end-of-scan marker: the last readable position. */
  private Position endOfLog() {
    Position end = store.read(pool, Position.START, Set.of(), 1).await().indefinitely().end();
    return end == null ? Position.START : end;
  }

  private static EventEnvelope view(UUID tenant, String user) {
    return EventEnvelope.toAppend(tenant, user, UUID.randomUUID(), new ItemViewed("item-1", null, null, null, java.util.Map.of()), "item-1",
        Instant.now());
  }

  private static List<UUID> ids(SubscriptionStore.Batch batch) {
    return batch.events().stream().map(d -> d.envelope().eventId()).toList();
  }
}
