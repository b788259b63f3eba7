package dev.kindred.ingest.catalogue.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemRemoved;
import dev.kindred.events.ItemUpserted;
import dev.kindred.eventstore.EventStore;
import dev.kindred.ingest.catalogue.repository.ItemRepository;
import dev.kindred.ingest.common.BatchResult;
import dev.kindred.ingest.common.BatchResult.Entry;
import dev.kindred.tenancy.FieldError;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Catalogue writes: each upsert or removal is an event plus its items row, in one transaction. */
@ApplicationScoped
public class CatalogueService {
  /** The stream that catalogue events of a tenant belong to. */
  public static final String CATALOGUE_STREAM = "_catalogue";

  private final Pool pool;
  private final ItemRepository repo;
  private final EventStore store = new EventStore();

  public CatalogueService(Pool pool, ItemRepository repo) {
    this.pool = pool;
    this.repo = repo;
  }

  public Uni<BatchResult> upsert(UUID tenantId, List<JsonNode> nodes) {
    Entry[] entries = new Entry[nodes.size()];
    List<FieldError> errors = new ArrayList<>();
    // The same id twice in one batch: the last one wins, earlier ones are reported as duplicates.
    Map<String, Integer> lastIndex = new LinkedHashMap<>();
    Map<Integer, ItemUpserted> valid = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ItemValidator.Outcome o = ItemValidator.validate(nodes.get(i), i);
      if (o.item() == null) {
        errors.addAll(o.errors());
        entries[i] = new Entry(i, null, BatchResult.REJECTED, List.of());
      } else {
        Integer earlier = lastIndex.put(o.item().itemId(), i);
        if (earlier != null) {
          entries[earlier] = new Entry(earlier, o.item().itemId(), BatchResult.DUPLICATE, List.of("superseded_in_batch"));
        }
        valid.put(i, o.item());
      }
    }
    if (lastIndex.isEmpty()) {
      return Uni.createFrom().item(BatchResult.of(List.of(entries), errors));
    }
    List<ItemUpserted> items = lastIndex.values().stream().map(valid::get).toList();
    return write(tenantId, items).map(v -> {
      lastIndex.forEach((id, i) -> entries[i] = new Entry(i, id, BatchResult.STORED, List.of()));
      return BatchResult.of(List.of(entries), errors);
    });
  }

  /** Appends and projects already validated items (used by the NDJSON import too). */
  public Uni<Void> write(UUID tenantId, List<ItemUpserted> items) {
    Instant now = Instant.now();
    List<EventEnvelope> envs = new ArrayList<>(items.size());
    Map<UUID, String> itemByEvent = new HashMap<>();
    for (ItemUpserted i : items) {
      UUID id = UUID.randomUUID();
      envs.add(EventEnvelope.toAppend(tenantId, CATALOGUE_STREAM, id, i, i.itemId(), now));
      itemByEvent.put(id, i.itemId());
    }
    return TenantTx.run(pool, tenantId, c -> store.append(c, envs).chain(r -> {
      Map<String, Long> seqByItem = new HashMap<>();
      r.storedSeqByEventId().forEach((eventId, seq) -> seqByItem.put(itemByEvent.get(eventId), seq));
      return repo.upsert(c, tenantId, items, seqByItem);
    }));
  }

  public Uni<Void> remove(UUID tenantId, String itemId) {
    return TenantTx.run(pool, tenantId, c -> repo.isLive(c, tenantId, itemId).chain(live -> {
      if (!live) {
        throw ProblemException.notFound("no item '" + itemId + "' in this tenant's catalogue");
      }
      EventEnvelope e = EventEnvelope.toAppend(tenantId, CATALOGUE_STREAM, UUID.randomUUID(),
          new ItemRemoved(itemId), itemId, Instant.now());
      return store.append(c, List.of(e))
          .chain(r -> repo.markRemoved(c, tenantId, itemId, r.storedSeqByEventId().get(e.eventId())));
    })).replaceWithVoid();
  }
}
