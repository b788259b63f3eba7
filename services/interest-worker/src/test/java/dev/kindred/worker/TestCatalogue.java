package dev.kindred.worker;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemUpserted;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes catalogue upserts the way the ingest service does — the ItemUpserted event and its items
 * row in one transaction, a changed text dropping the old vector — without the ingest service.
 */
final class TestCatalogue {

  private TestCatalogue() {
  }

  static ItemUpserted item(String id, String title, String description) {
    return new ItemUpserted(id, title, description, List.of(), List.of(), Map.of(), true, null);
  }

  static void upsert(Pool pool, UUID tenantId, ItemUpserted... items) {
    EventStore store = new EventStore();
    TenantTx.run(pool, tenantId, c -> {
      List<EventEnvelope> batch = java.util.Arrays.stream(items)
          .map(i -> EventEnvelope.toAppend(tenantId, "_catalogue", UUID.randomUUID(), i, i.itemId(), Instant.now()))
          .toList();
      return store.append(c, batch).chain(result -> {
        io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
        for (EventEnvelope e : batch) {
          ItemUpserted i = (ItemUpserted) e.event();
          long seq = result.storedSeqByEventId().get(e.eventId());
          chain = chain.chain(() -> c.preparedQuery("""
                  INSERT INTO items (tenant_id, item_id, title, description, last_event_seq, categories)
                  VALUES ($1, $2, $3, $4, $5, $6)
                  ON CONFLICT (tenant_id, item_id) DO UPDATE SET title = EXCLUDED.title,
                    description = EXCLUDED.description, last_event_seq = EXCLUDED.last_event_seq,
                    categories = EXCLUDED.categories, embedding = NULL, embedding_model = NULL
                  """).execute(Tuple.of(tenantId, i.itemId(), i.title(), i.description(), seq,
                      i.categories().toArray(String[]::new))).replaceWithVoid());
        }
        return chain;
      });
    }).await().atMost(Duration.ofSeconds(10));
  }
}
