package dev.kindred.ingest.user.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.eventstore.EventStore;
import dev.kindred.events.ConsentChanged;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.tenancy.AuditLog;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The right of access: everything Kindred holds about one end-user of a tenant — every event of
 * their stream (impressions included: which items were shown to them, from which source), their
 * interest profile (words, weights, supporting events, negatives) and their consent — read in one
 * transaction that also writes the audit record.
 */
@ApplicationScoped
public class UserExport {

  private final Pool pool;
  private final EventStore store;

  public UserExport(Pool pool, EventStore store) {
    this.pool = pool;
    this.store = store;
  }

  public Uni<Map<String, Object>> export(UUID tenant, String userId, String actor) {
    // The user's stream through the event store (opened with their key; nothing when never stored or
    // erased), the profile keyed by their pseudonym, and the audit record — one transaction.
    return TenantTx.run(pool, tenant, c -> UserKeys.find(c, tenant, userId).chain(key -> {
      String pseudonym = key == null ? "" : key.pseudonym();
      return store.readUserStream(c, tenant, userId)
          .chain(events -> c.preparedQuery("SELECT profile::text AS p, updated_at FROM interest_profiles WHERE user_id = $1")
              .execute(Tuple.of(pseudonym))
              .chain(profile -> AuditLog.record(c, tenant, actor, "user.export", key == null ? null : "user:" + pseudonym,
                      "{\"events\": " + events.size() + "}")
                  .map(v -> document(userId, events, profile))));
    }));
  }

  private static Map<String, Object> document(String userId, List<EventEnvelope> events,
      io.vertx.mutiny.sqlclient.RowSet<Row> profile) {
    List<Map<String, Object>> evs = new ArrayList<>();
    List<Map<String, Object>> shown = new ArrayList<>();
    Object consent = null;
    for (EventEnvelope e : events) {
      JsonNode payload = JsonBodies.parse(dev.kindred.events.EventCodec.encode(e.event()), Integer.MAX_VALUE);
      String type = e.event().type().storedName();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("eventId", e.eventId().toString());
      m.put("type", type);
      m.put("itemId", e.itemId());
      m.put("occurredAt", e.occurredAt().atOffset(java.time.ZoneOffset.UTC).toString());
      m.put("recordedAt", e.recordedAt().atOffset(java.time.ZoneOffset.UTC).toString());
      m.put("payload", payload);
      evs.add(m);
      if (e.event() instanceof ImpressionLogged imp) {
        shown.add(Map.of("recommendationId", imp.recommendationId(), "surface", String.valueOf(imp.scenario()),
            "items", imp.itemIds(), "sources", imp.sources() == null ? List.of() : imp.sources(),
            "at", e.recordedAt().atOffset(java.time.ZoneOffset.UTC).toString()));
      }
      if (e.event() instanceof ConsentChanged) {
        consent = payload;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("userId", userId);
    out.put("consent", consent == null ? Map.of("personalization", true, "analytics", true, "source", "default")
        : consent);
    out.put("profile", profile.size() == 0 ? null
        : JsonBodies.parse(profile.iterator().next().getString("p"), Integer.MAX_VALUE));
    out.put("recommendationsShown", shown);
    out.put("events", evs);
    return out;
  }
}
