package dev.kindred.eventstore.log;

import dev.kindred.events.EventCodec;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.eventstore.AppendResult;
import dev.kindred.eventstore.privacy.SealedPayload;
import dev.kindred.eventstore.privacy.UserKeys.UserKey;
import dev.kindred.eventstore.serving.ServingFact;
import dev.kindred.eventstore.serving.ServingProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Appends end-users' events to the Kafka log, inside the caller's PostgreSQL transaction:
 * <ol>
 * <li>each user's transaction lock is taken (so two requests for one user publish one after the
 * other, and a user's sequence numbers follow the order of their partition);</li>
 * <li>the event ids are claimed in {@code event_ids} (duplicates are answered as such, as on the
 * PostgreSQL path) and the new ones get sequence numbers and a record time;</li>
 * <li>the sealed records are published and every acknowledgement awaited ({@code acks=all});</li>
 * <li>consent changes are also written straight to the events table (the log's own record of them
 * is the archive's); what the events tell serving (engagements, turned-down items, consent) is merged
 * into its read model ({@link ServingProjection}) in this transaction, so it holds from the next request.</li>
 * </ol>
 * The caller commits after this completes and answers 2xx after the commit. If the broker does
 * not acknowledge, the transaction rolls back: nothing was accepted, the client's retry is clean.
 * If the commit itself fails after the acknowledgement, the records are on the topic without their
 * id claim; a retry with the same ids publishes them again (documented in the architecture map).
 */
public final class LogAppend {

  private static final String LOCK_USERS = """
      SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 7) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s
      """;
  private static final String CLAIM = """
      WITH input AS (
        SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS t(tenant_id, event_id)
      ), fresh AS (
        INSERT INTO event_ids (tenant_id, event_id) SELECT tenant_id, event_id FROM input
        ON CONFLICT DO NOTHING RETURNING event_id
      )
      SELECT event_id, nextval('event_seq') AS seq, now() AS recorded_at FROM fresh
      """;
  private static final String CONSENT = EventType.CONSENT_CHANGED.storedName();

  private LogAppend() {
  }

  public static Uni<AppendResult> append(SqlConnection conn, KafkaEventLog log, List<EventEnvelope> batch,
      Map<UUID, Map<String, UserKey>> keys) {
    Map<UUID, EventEnvelope> unique = new LinkedHashMap<>();
    batch.forEach(e -> unique.putIfAbsent(e.eventId(), e));
    int repeats = batch.size() - unique.size();
    if (unique.isEmpty()) {
      return Uni.createFrom().item(new AppendResult(Map.of(), repeats));
    }
    Set<String> locks = new LinkedHashSet<>();
    UUID[] tenants = new UUID[unique.size()];
    UUID[] ids = new UUID[unique.size()];
    int i = 0;
    for (EventEnvelope e : unique.values()) {
      locks.add(LogRecord.key(e.tenantId(), keys.get(e.tenantId()).get(e.streamKey()).pseudonym()));
      tenants[i] = e.tenantId();
      ids[i++] = e.eventId();
    }
    return conn.preparedQuery(LOCK_USERS).execute(Tuple.of((Object) locks.toArray(String[]::new)))
        .chain(() -> conn.preparedQuery(CLAIM).execute(Tuple.of(tenants, ids)))
        .chain(rows -> {
          Map<UUID, Instant> fresh = new HashMap<>();
          long[] seqs = new long[rows.size()];
          int k = 0;
          for (Row r : rows) {
            fresh.put(r.getUUID("event_id"), r.getOffsetDateTime("recorded_at").toInstant());
            seqs[k++] = r.getLong("seq");
          }
          // Sequence numbers in the batch's order, whatever order the database handed them out in.
          Arrays.sort(seqs);
          List<LogRecord> records = new ArrayList<>(fresh.size());
          List<LogRecord> consent = new ArrayList<>();
          List<ServingProjection.Row> serving = new ArrayList<>();
          Map<UUID, Long> stored = new HashMap<>();
          k = 0;
          for (EventEnvelope e : unique.values()) {
            Instant recorded = fresh.get(e.eventId());
            if (recorded == null) {
              continue;
            }
            UserKey user = keys.get(e.tenantId()).get(e.streamKey());
            String type = e.event().type().storedName();
            LogRecord r = new LogRecord(seqs[k++], e.tenantId(), user.pseudonym(), e.eventId(), type, e.itemId(),
                SealedPayload.seal(user.dataKey(), e.eventId(), EventCodec.encode(e.event())), e.occurredAt(), recorded);
            records.add(r);
            stored.put(e.eventId(), r.seq());
            serving.add(new ServingProjection.Row(e.tenantId(), user.pseudonym(), e.itemId(), type,
                e.occurredAt().atOffset(java.time.ZoneOffset.UTC), r.seq(), ServingFact.of(e.event())));
            if (CONSENT.equals(type)) {
              consent.add(r);
            }
          }
          AppendResult result = new AppendResult(stored, repeats + unique.size() - stored.size());
          // The serving read model is synchronous here too: in this transaction, before the broker's ack.
          return LogArchive.insertBound(conn, consent).chain(() -> ServingProjection.apply(conn, serving))
              .chain(() -> log.publish(records)).replaceWith(result);
        });
  }
}
