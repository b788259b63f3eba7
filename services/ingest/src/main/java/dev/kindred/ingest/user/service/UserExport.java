package dev.kindred.ingest.user.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.eventstore.EventStore;
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

  public UserExport(Pool pool) {
    this.pool = pool;
  }

  public Uni<Map<String, Object>> export(UUID tenant, String userId, String actor) {
    // The user's stream and profile rows are keyed by their pseudonym (none: nothing stored, or erased).
    return TenantTx.run(pool, tenant, c -> UserKeys.find(c, tenant, userId).chain(key -> {
      String pseudonym = key == null ? "" : key.pseudonym();
      return c.preparedQuery("""
              SELECT seq, event_id, type, item_id, payload::text AS payload, occurred_at, recorded_at
              FROM events WHERE stream_key = $1 ORDER BY seq
              """).execute(Tuple.of(pseudonym))
          .chain(events -> c.preparedQuery("SELECT profile::text AS p, updated_at FROM interest_profiles WHERE user_id = $1")
              .execute(Tuple.of(pseudonym))
              .chain(profile -> AuditLog.record(c, tenant, actor, "user.export", key == null ? null : "user:" + pseudonym,
                      "{\"events\": " + events.size() + "}")
                  .map(v -> document(userId, key, events, profile))));
    }));
  }

  private static Map<String, Object> document(String userId, UserKeys.UserKey key, io.vertx.mutiny.sqlclient.RowSet<Row> events,
      io.vertx.mutiny.sqlclient.RowSet<Row> profile) {
    List<Map<String, Object>> evs = new ArrayList<>();
    List<Map<String, Object>> shown = new ArrayList<>();
    Object consent = null;
    for (Row r : events) {
      String json = EventStore.openPayload(r.getUUID("event_id"), r.getString("payload"), key.dataKey());
      if (json == null) {
        continue;   // does not open with this user's key: not theirs to read
      }
      JsonNode payload = JsonBodies.parse(json, Integer.MAX_VALUE);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("eventId", r.getUUID("event_id").toString());
      e.put("type", r.getString("type"));
      e.put("itemId", r.getString("item_id"));
      e.put("occurredAt", r.getOffsetDateTime("occurred_at").toString());
      e.put("recordedAt", r.getOffsetDateTime("recorded_at").toString());
      e.put("payload", payload);
      evs.add(e);
      if ("ImpressionLogged".equals(r.getString("type"))) {
        shown.add(Map.of("recommendationId", payload.path("recommendationId").asText(),
            "surface", payload.path("scenario").asText(), "items", payload.path("itemIds"),
            "sources", payload.path("sources"), "at", r.getOffsetDateTime("recorded_at").toString()));
      }
      if ("ConsentChanged".equals(r.getString("type"))) {
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
