package dev.kindred.worker;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.KindredEvent;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Appends behaviour events of one user the way the ingest service stores them. */
final class TestEvents {

  private TestEvents() {
  }

  /** The pseudonym the store keeps for this user id (their stream key and projection key), null if none. */
  static String pseudonym(Pool pool, UUID tenantId, String userId) {
    var key = TenantTx.run(pool, tenantId, c -> dev.kindred.eventstore.privacy.UserKeys.find(c, tenantId, userId))
        .await().atMost(Duration.ofSeconds(10));
    return key == null ? null : key.pseudonym();
  }

  static List<UUID> append(Pool pool, UUID tenantId, String userId, Instant at, KindredEvent... events) {
    List<EventEnvelope> batch = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      KindredEvent e = events[i];
      String item = e instanceof dev.kindred.events.ItemViewed v ? v.itemId()
          : e instanceof dev.kindred.events.ItemPurchased p ? p.itemId()
          : e instanceof dev.kindred.events.FeedbackGiven f ? f.itemId() : null;
      batch.add(EventEnvelope.toAppend(tenantId, userId, UUID.randomUUID(), e, item, at.plusSeconds(i)));
    }
    TenantTx.run(pool, tenantId, c -> new EventStore().append(c, batch)).await().atMost(Duration.ofSeconds(10));
    return batch.stream().map(EventEnvelope::eventId).toList();
  }
}
