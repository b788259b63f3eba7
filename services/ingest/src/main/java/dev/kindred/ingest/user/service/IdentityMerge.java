package dev.kindred.ingest.user.service;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.ErasureRequests;
import dev.kindred.ingest.event.service.EventIngestService;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code identify}: an anonymous visitor logged in. Their behaviour (everything they did and were
 * shown, and interests they stated) is appended to the user's stream — the user's key seals it, the
 * projections apply it like any new event — and the anonymous stream is erased in the same
 * transaction, so the person's data lives in one place and their export and erasure cover all of
 * it. Copies carry ids derived from (original id, user), so asking again stores nothing twice.
 * Consent is the user's own: the visitor's consent events are not copied, and with
 * {@code eventsWithoutConsent: drop} a user who withdrew both consents gets no copies.
 */
@ApplicationScoped
public class IdentityMerge {

  private final Pool pool;
  private final EventStore store;
  private final EventIngestService ingest;

  public IdentityMerge(Pool pool, EventStore store, EventIngestService ingest) {
    this.pool = pool;
    this.store = store;
    this.ingest = ingest;
  }

  public Uni<Map<String, Object>> merge(UUID tenant, String anonymousId, String userId, String actor) {
    return TenantTx.run(pool, tenant, c -> store.readUserStream(c, tenant, anonymousId).chain(history -> {
      List<EventEnvelope> copies = copies(tenant, history, userId);
      if (history.isEmpty()) {
        return Uni.createFrom().item(result(userId, 0, 0, null));
      }
      return ingest.appendGated(c, tenant, copies)
          .chain(gated -> ErasureRequests.request(c, tenant, anonymousId, actor)
              .call(request -> AuditLog.record(c, tenant, actor, "user.identify", "request:" + request,
                  "{\"copied\": " + gated.result().storedCount() + "}"))
              .map(request -> result(userId, gated.result().storedCount(), copies.size(), request)));
    }));
  }

  /** The visitor's events of the kinds that move, as the user's, with derived ids. */
  static List<EventEnvelope> copies(UUID tenant, List<EventEnvelope> history, String userId) {
    List<EventEnvelope> out = new ArrayList<>();
    for (EventEnvelope e : history) {
      if (moves(e.event().type())) {
        out.add(EventEnvelope.toAppend(tenant, userId, copyId(e.eventId(), userId), e.event(), e.itemId(), e.occurredAt()));
      }
    }
    return out;
  }

  /** Behaviour, stated interests and the lists shown; not consent (the user's own decides) nor corrections of the visitor's interests. */
  static boolean moves(EventType type) {
    return type.wireName() != null || type == EventType.INTERESTS_STATED || type == EventType.IMPRESSION_LOGGED;
  }

  static UUID copyId(UUID original, String userId) {
    return UUID.nameUUIDFromBytes(("identify/" + original + "/" + userId).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> result(String userId, int stored, int moved, UUID erasure) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", userId);
    out.put("merged", stored);
    out.put("duplicates", moved - stored);
    if (erasure != null) {
      out.put("anonymousErasure", Map.of("requestId", erasure.toString(), "status", "PENDING",
          "statusUrl", "/v1/privacy/requests/" + erasure));
    }
    return out;
  }
}
