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

  /**
   * Six items of three interests (camping, coffee, board games), waited for until all are embedded:
   * labels are computed against the catalogue as it is when events are applied, so live and
   * replayed profiles must start from a fully embedded one.
   */
  static void campingCoffeeGames(Pool pool, UUID tenantId) {
    upsert(pool, tenantId,
        item("tent", "Ultralight two-person tent", "Freestanding dome tent for backpacking"),
        item("bag", "Down sleeping bag", "Rated to minus five degrees for winter camping"),
        item("stove", "Camping stove", "Boils water in three minutes at the campsite"),
        item("grinder", "Burr coffee grinder", "Fifty grind settings for espresso and filter"),
        item("beans", "Single-origin coffee beans", "Freshly roasted with notes of cherry"),
        item("catan", "Strategy board game", "Trade and build for three to four players"));
    ItemEmbeddingProjectionTest.awaitTrue(() -> TenantTx.run(pool, tenantId, c -> c.query(
            "SELECT count(*) FROM items WHERE embedding IS NOT NULL").execute())
        .await().indefinitely().iterator().next().getLong(0) == 6, "the catalogue embedded");
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
