package dev.kindred.eventstore.privacy;

import dev.kindred.events.ErasureRequested;
import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.EventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes erasure requests (V15 {@code privacy_requests}, status PENDING) and appends
 * {@link ErasureRequested} to the tenant's privacy stream in the same transaction; the worker's
 * erasure subscription carries them out. Used by ingest (the tenant's app, API key) and control
 * (a privacy officer in the console) alike.
 */
public final class ErasureRequests {

  /** A request as {@code GET /v1/privacy/requests/{id}} shows it. */
  public record Status(UUID id, String kind, String status, String requestedBy, Instant requestedAt,
      Instant completedAt, String detailJson) {
  }

  private static final EventStore STORE = new EventStore();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private ErasureRequests() {
  }

  /** Call inside a transaction bound to {@code tenant}; returns the request id. */
  public static Uni<UUID> request(SqlConnection c, UUID tenant, String userId, String actor) {
    UUID id = UUID.randomUUID();
    return UserKeys.find(c, tenant, userId).chain(key -> {
      String pseudonym = key == null ? null : key.pseudonym();
      return c.preparedQuery("""
              INSERT INTO privacy_requests (id, tenant_id, kind, status, subject, requested_by)
              VALUES ($1, $2, 'ERASURE', 'PENDING', $3, $4)
              """).execute(Tuple.of(id, tenant, pseudonym, actor))
          .chain(() -> STORE.append(c, List.of(EventEnvelope.toAppend(tenant, EventEnvelope.PRIVACY_STREAM,
              UUID.randomUUID(), new ErasureRequested(id.toString()), null, Instant.now()))))
          .replaceWith(id);
    });
  }

  /** The request of the tenant bound to the transaction, or null. */
  public static Uni<Status> find(SqlConnection c, UUID id) {
    return c.preparedQuery("""
            SELECT id, kind, status, requested_by, requested_at, completed_at, detail::text AS detail
            FROM privacy_requests WHERE id = $1
            """).execute(Tuple.of(id)).map(rows -> {
      for (Row r : rows) {
        return new Status(r.getUUID("id"), r.getString("kind"), r.getString("status"), r.getString("requested_by"),
            r.getOffsetDateTime("requested_at").toInstant(),
            r.getOffsetDateTime("completed_at") == null ? null : r.getOffsetDateTime("completed_at").toInstant(),
            r.getString("detail"));
      }
      return null;
    });
  }

  /** The shape both services answer with. */
  public static Map<String, Object> view(Status s) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("requestId", s.id().toString());
    out.put("kind", s.kind());
    out.put("status", s.status());
    out.put("requestedBy", s.requestedBy());
    out.put("requestedAt", s.requestedAt().toString());
    out.put("completedAt", s.completedAt() == null ? null : s.completedAt().toString());
    try {
      out.put("detail", JSON.readTree(s.detailJson()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("privacy_requests.detail is not JSON", e);
    }
    return out;
  }
}
