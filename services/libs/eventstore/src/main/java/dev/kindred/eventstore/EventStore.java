package dev.kindred.eventstore;

import dev.kindred.events.EventCodec;
import dev.kindred.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appends events to and reads them from the PostgreSQL event store. Callers pass a connection
 * inside their own transaction (with the tenant set for row-level security), so that projections
 * written in the same transaction commit or fail together with the events.
 */
public final class EventStore {

  // One round trip per batch: ids that are new for the tenant are claimed in event_ids, and only
  // those rows reach the events table. Duplicates are skipped, never stored twice.
  private static final String APPEND_SQL = """
      WITH input AS (
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                             $7::timestamptz[]) WITH ORDINALITY
          AS t(tenant_id, stream_key, event_id, type, item_id, payload, occurred_at, ord)
      ), fresh AS (
        INSERT INTO event_ids (tenant_id, event_id) SELECT tenant_id, event_id FROM input
        ON CONFLICT DO NOTHING RETURNING event_id
      )
      INSERT INTO events (tenant_id, stream_key, event_id, type, item_id, payload, occurred_at)
      SELECT i.tenant_id, i.stream_key, i.event_id, i.type, i.item_id, i.payload::jsonb, i.occurred_at
      FROM input i JOIN fresh f ON f.event_id = i.event_id ORDER BY i.ord
      RETURNING seq, event_id
      """;

  private static final String READ_STREAM_SQL = """
      SELECT seq, tenant_id, stream_key, event_id, type, item_id, payload::text AS payload,
             occurred_at, recorded_at
      FROM events WHERE tenant_id = $1 AND stream_key = $2 AND seq > $3 ORDER BY seq LIMIT $4
      """;

  /** Appends the batch; events whose id the tenant already stored are counted, not stored. */
  public Uni<AppendResult> append(SqlConnection conn, List<EventEnvelope> batch) {
    // Repeats inside one batch are collapsed first: the first occurrence wins.
    Map<UUID, EventEnvelope> unique = new LinkedHashMap<>();
    for (EventEnvelope e : batch) {
      unique.putIfAbsent(e.eventId(), e);
    }
    int inBatchRepeats = batch.size() - unique.size();
    if (unique.isEmpty()) {
      return Uni.createFrom().item(new AppendResult(Map.of(), 0));
    }
    int n = unique.size();
    UUID[] tenants = new UUID[n];
    String[] streams = new String[n];
    UUID[] ids = new UUID[n];
    String[] types = new String[n];
    String[] items = new String[n];
    String[] payloads = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    int i = 0;
    for (EventEnvelope e : unique.values()) {
      tenants[i] = e.tenantId();
      streams[i] = e.streamKey();
      ids[i] = e.eventId();
      types[i] = e.event().type().storedName();
      items[i] = e.itemId();
      payloads[i] = EventCodec.encode(e.event());
      occurred[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
      i++;
    }
    Tuple args = Tuple.tuple(List.of(tenants, streams, ids, types, items, payloads, occurred));
    return conn.preparedQuery(APPEND_SQL).execute(args).map(rows -> {
      Map<UUID, Long> stored = new HashMap<>();
      for (Row r : rows) {
        stored.put(r.getUUID("event_id"), r.getLong("seq"));
      }
      return new AppendResult(stored, inBatchRepeats + (n - stored.size()));
    });
  }

  /** Reads one stream of the current tenant in sequence order, after {@code afterSeq}. */
  public Uni<List<EventEnvelope>> readStream(SqlConnection conn, UUID tenantId, String streamKey,
      long afterSeq, int limit) {
    return conn.preparedQuery(READ_STREAM_SQL)
        .execute(Tuple.of(tenantId, streamKey, afterSeq, limit))
        .map(rows -> {
          List<EventEnvelope> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(toEnvelope(r));
          }
          return out;
        });
  }

  static EventEnvelope toEnvelope(Row r) {
    return new EventEnvelope(r.getLong("seq"), r.getUUID("tenant_id"), r.getString("stream_key"),
        r.getUUID("event_id"), EventCodec.decode(r.getString("type"), r.getString("payload")),
        r.getString("item_id"), r.getOffsetDateTime("occurred_at").toInstant(),
        r.getOffsetDateTime("recorded_at").toInstant());
  }
}
