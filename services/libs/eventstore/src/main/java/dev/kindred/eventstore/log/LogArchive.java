package dev.kindred.eventstore.log;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes records from the Kafka topic into the PostgreSQL {@code events} table, which with
 * {@code kindred.eventlog=kafka} is the archive: what serving reads (recent history, consent), the
 * source of replays and of the projections that still read PostgreSQL. Rows keep the sequence
 * number and record time ingest gave them; a row already there (the same seq and time, written
 * through by ingest or archived before a crash) is skipped, so archiving is idempotent.
 */
public final class LogArchive {

  private static final String INSERT = """
      INSERT INTO events (seq, tenant_id, stream_key, event_id, type, item_id, payload, occurred_at, recorded_at)
      SELECT i.seq, i.tenant_id, i.stream_key, i.event_id, i.type, i.item_id, i.payload::jsonb, i.occurred_at, i.recorded_at
      FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                  $8::timestamptz[], $9::timestamptz[]) WITH ORDINALITY
        AS i(seq, tenant_id, stream_key, event_id, type, item_id, payload, occurred_at, recorded_at, ord)
      ORDER BY i.ord
      ON CONFLICT DO NOTHING
      """;

  /** The worker's archive consumer group. */
  public static final String GROUP = "event-archive";

  private LogArchive() {
  }

  /**
   * The archive as a consumer group's projection. Records of users whose key is gone (erased while
   * their records were on the way) are not archived: the erasure already redacted what was there.
   */
  public static LogHandler<Void> handler() {
    return new LogHandler<>() {
      @Override
      public Void prepare(List<LogHandler.LogEntry> entries) {
        return null;
      }

      @Override
      public Uni<Void> apply(io.vertx.mutiny.sqlclient.SqlConnection tx, List<LogHandler.LogEntry> entries, Void p) {
        return insert(tx, entries.stream().filter(e -> e.delivered() != null).map(LogHandler.LogEntry::record).toList());
      }
    };
  }

  /** Inserts the records of several tenants, binding each tenant for row-level security in turn. */
  public static Uni<Void> insert(SqlClient tx, List<LogRecord> records) {
    Map<UUID, List<LogRecord>> byTenant = new LinkedHashMap<>();
    records.forEach(r -> byTenant.computeIfAbsent(r.tenantId(), t -> new ArrayList<>()).add(r));
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, List<LogRecord>> t : byTenant.entrySet()) {
      chain = chain.chain(() -> tx.preparedQuery("SELECT set_config('kindred.tenant_id', $1, true)")
              .execute(Tuple.of(t.getKey().toString())))
          .chain(() -> insertBound(tx, t.getValue()));
    }
    return chain;
  }

  /** Inserts records of the tenant the transaction is bound to. */
  public static Uni<Void> insertBound(SqlClient tx, List<LogRecord> records) {
    if (records.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = records.size();
    Long[] seqs = new Long[n];
    UUID[] tenants = new UUID[n];
    String[] streams = new String[n];
    UUID[] ids = new UUID[n];
    String[] types = new String[n];
    String[] items = new String[n];
    String[] payloads = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    OffsetDateTime[] recorded = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      LogRecord r = records.get(i);
      seqs[i] = r.seq();
      tenants[i] = r.tenantId();
      streams[i] = r.streamKey();
      ids[i] = r.eventId();
      types[i] = r.type();
      items[i] = r.itemId();
      payloads[i] = r.payload();
      occurred[i] = r.occurredAt().atOffset(ZoneOffset.UTC);
      recorded[i] = r.recordedAt().atOffset(ZoneOffset.UTC);
    }
    return tx.preparedQuery(INSERT)
        .execute(Tuple.tuple(List.of(seqs, tenants, streams, ids, types, items, payloads, occurred, recorded)))
        .replaceWithVoid();
  }
}
