package dev.kindred.ingest.event.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.AppendResult;
import dev.kindred.eventstore.EventStore;
import dev.kindred.ingest.catalogue.repository.ItemRepository;
import dev.kindred.ingest.common.BatchResult;
import dev.kindred.ingest.common.BatchResult.Entry;
import dev.kindred.tenancy.FieldError;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Validates a batch entry by entry and appends the valid ones in one transaction. The response is
 * sent only after that transaction committed (synchronous commit: durable on disk), so an
 * accepted event is never lost.
 */
@ApplicationScoped
public class EventIngestService {
  private final Pool pool;
  private final EventStore store;
  private final ItemRepository items;
  private final EventValidator validator;
  private final dev.kindred.web.TenantSettingsCache tenants;
  private final LagGate lag;

  public EventIngestService(Pool pool, EventStore store, ItemRepository items, dev.kindred.web.TenantSettingsCache tenants,
      LagGate lag, @ConfigProperty(name = "kindred.ingest.max-future-skew-seconds") long skewSeconds) {
    this.tenants = tenants;
    this.lag = lag;
    this.store = store;
    this.pool = pool;
    this.items = items;
    this.validator = new EventValidator(Duration.ofSeconds(skewSeconds));
  }

  public Uni<BatchResult> ingestEvents(UUID tenantId, List<JsonNode> nodes) {
    return ingest(tenantId, nodes, (n, i) -> validator.validate(n, i, tenantId, Instant.now()));
  }

  public Uni<BatchResult> ingestFeedback(UUID tenantId, List<JsonNode> nodes) {
    return ingest(tenantId, nodes, (n, i) -> validator.validateFeedback(n, i, tenantId, Instant.now()));
  }

  /** Appends events built by the service itself (stated interests, consent): already valid. */
  public Uni<AppendResult> appendTrusted(UUID tenantId, List<EventEnvelope> envelopes) {
    return TenantTx.run(pool, tenantId, c -> store.append(c, envelopes));
  }

  private Uni<BatchResult> ingest(UUID tenantId, List<JsonNode> nodes,
      BiFunction<JsonNode, Integer, EventValidator.Outcome> validate) {
    lag.check(tenantId);
    List<EventEnvelope> valid = new ArrayList<>();
    List<Integer> validIndex = new ArrayList<>();
    Entry[] entries = new Entry[nodes.size()];
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      EventValidator.Outcome o = validate.apply(nodes.get(i), i);
      if (o.envelope() == null) {
        errors.addAll(o.errors());
        entries[i] = new Entry(i, null, BatchResult.REJECTED, List.of());
      } else {
        valid.add(o.envelope());
        validIndex.add(i);
      }
    }
    if (valid.isEmpty()) {
      return Uni.createFrom().item(BatchResult.of(List.of(entries), errors));
    }
    Set<String> itemIds = new HashSet<>();
    valid.forEach(e -> {
      if (e.itemId() != null) {
        itemIds.add(e.itemId());
      }
    });
    return TenantTx.run(pool, tenantId, c -> appendGated(c, tenantId, valid).chain(gated -> items.existing(c, tenantId, itemIds)
        .map(known -> {
          Set<UUID> seen = new HashSet<>();
          for (int k = 0; k < valid.size(); k++) {
            EventEnvelope e = valid.get(k);
            int i = validIndex.get(k);
            if (gated.withdrawn().contains(e.streamKey())) {
              entries[i] = new Entry(i, e.eventId().toString(), BatchResult.DROPPED, List.of("no_consent"));
              continue;
            }
            // A repeat within the batch is stored once: only its first index is "accepted".
            boolean first = seen.add(e.eventId());
            String status = gated.result().stored(e.eventId()) && first ? BatchResult.STORED : BatchResult.DUPLICATE;
            List<String> warnings = e.itemId() != null && !known.contains(e.itemId())
                ? List.of("unknown_item") : List.of();
            entries[i] = new Entry(i, e.eventId().toString(), status, warnings);
          }
          return BatchResult.of(List.of(entries), errors);
        })));
  }

  /** What {@link #appendGated} stored, and the users whose events it dropped for lack of consent. */
  public record Gated(AppendResult result, Set<String> withdrawn) {
  }

  /**
   * Appends in the caller's transaction, except events of users who withdrew both consents when the
   * tenant's {@code eventsWithoutConsent} is "drop".
   */
  public Uni<Gated> appendGated(io.vertx.mutiny.sqlclient.SqlConnection c, UUID tenantId, List<EventEnvelope> events) {
    return tenants.get(c, tenantId)
        .chain(settings -> !"drop".equals(settings.eventsWithoutConsent()) ? Uni.createFrom().item(Set.<String>of())
            : ConsentGate.withdrawn(c, tenantId, users(events)))
        .chain(withdrawn -> {
          List<EventEnvelope> kept = new ArrayList<>();
          events.forEach(e -> {
            if (!withdrawn.contains(e.streamKey())) {
              kept.add(e);
            }
          });
          return store.append(c, kept).map(r -> new Gated(r, withdrawn));
        });
  }

  private static Set<String> users(List<EventEnvelope> events) {
    Set<String> out = new HashSet<>();
    events.forEach(e -> out.add(e.streamKey()));
    return out;
  }
}
