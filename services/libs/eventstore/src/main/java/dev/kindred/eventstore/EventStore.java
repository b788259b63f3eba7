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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import dev.kindred.eventstore.log.KafkaEventLog;
import dev.kindred.eventstore.log.LogAppend;
import dev.kindred.eventstore.privacy.SealedPayload;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.eventstore.privacy.UserKeys.UserKey;
import dev.kindred.eventstore.serving.ServingFact;
import dev.kindred.eventstore.serving.ServingProjection;

/**
 * Appends events to and reads them from the PostgreSQL event store. Callers pass a connection
 * inside their own transaction (with the tenant set for row-level security), so that projections
 * written in the same transaction commit or fail together with the events.
 */
public final class EventStore {

  /** With a Kafka log, end-users' events go to the topic (see {@link #appendToLog}); null: everything to PostgreSQL. */
  private final KafkaEventLog log;
  private final io.vertx.mutiny.sqlclient.Pool keyPool;

  /** The PostgreSQL-only store ({@code kindred.eventlog=postgres}). */
  public EventStore() {
    this.log = null;
    this.keyPool = null;
  }

  /**
   * {@code kindred.eventlog=kafka}: end-users' streams on the topic, tenant, catalogue and privacy
   * streams here. New users' keys are committed through {@code keyPool} before their records are
   * published: consumers may read a record before the appending transaction commits, and must find
   * the key to open it.
   */
  public EventStore(KafkaEventLog log, io.vertx.mutiny.sqlclient.Pool keyPool) {
    this.log = log;
    this.keyPool = keyPool;
  }

  /** Whether end-users' events go to Kafka (the worker's interest profiles then follow the topic). */
  public boolean onKafka() {
    return log != null;
  }

  // One round trip per batch: ids that are new for the tenant are claimed in event_ids, and only
  // those rows reach the events table. Duplicates are skipped, never stored twice. The same statement
  // merges what the stored rows tell serving into its read model (the synchronous projection,
  // ServingProjection), so a withdrawal, a not-interested or a purchase holds from the next request.
  private static final String APPEND_SQL = """
      WITH input AS (
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                             $7::timestamptz[], $8::int2[], $9::bool[], $10::bool[], $11::bool[]) WITH ORDINALITY
          AS t(tenant_id, stream_key, event_id, type, item_id, payload, occurred_at, kind_bit, declined,
               personalization, analytics, ord)
      ), fresh AS (
        INSERT INTO event_ids (tenant_id, event_id) SELECT tenant_id, event_id FROM input
        ON CONFLICT DO NOTHING RETURNING event_id
      ), stored AS (
        INSERT INTO events (tenant_id, stream_key, event_id, type, item_id, payload, occurred_at)
        SELECT i.tenant_id, i.stream_key, i.event_id, i.type, i.item_id, i.payload::jsonb, i.occurred_at
        FROM input i JOIN fresh f ON f.event_id = i.event_id ORDER BY i.ord
        RETURNING tenant_id, seq, event_id
      ), facts AS (
        SELECT i.tenant_id, i.stream_key AS user_id, i.item_id, i.kind_bit, i.type, i.occurred_at AS at, s.seq,
               i.declined, i.personalization, i.analytics
        FROM input i JOIN stored s ON s.event_id = i.event_id AND s.tenant_id = i.tenant_id
        WHERE i.kind_bit <> 0 OR i.declined IS NOT NULL OR i.personalization IS NOT NULL
      ), %s
      SELECT seq, event_id FROM stored
      """.formatted(ServingProjection.MERGE_CTES);

  /**
   * Appends the batch; events whose id the tenant already stored are counted, not stored. The
   * stream key of an end-user's event is given as the user's id: the store keeps the user's
   * pseudonym instead and seals the payload with the user's data key ({@link UserKeys}), creating
   * both on the user's first event.
   */
  public Uni<AppendResult> append(SqlConnection conn, List<EventEnvelope> batch) {
    Map<UUID, Set<String>> users = new LinkedHashMap<>();
    for (EventEnvelope e : batch) {
      if (EventEnvelope.userStream(e.streamKey())) {
        users.computeIfAbsent(e.tenantId(), t -> new LinkedHashSet<>()).add(e.streamKey());
      }
    }
    Uni<Map<UUID, Map<String, UserKey>>> keys = Uni.createFrom().item(new HashMap<>());
    for (Map.Entry<UUID, Set<String>> t : users.entrySet()) {
      keys = keys.chain(all -> userKeys(conn, t.getKey(), t.getValue()).map(k -> {
        all.put(t.getKey(), k);
        return all;
      }));
    }
    if (log == null) {
      return keys.chain(k -> insert(conn, batch, k));
    }
    List<EventEnvelope> toLog = batch.stream().filter(e -> EventEnvelope.userStream(e.streamKey())).toList();
    List<EventEnvelope> here = batch.stream().filter(e -> !EventEnvelope.userStream(e.streamKey())).toList();
    return keys.chain(k -> insert(conn, here, k).chain(a -> LogAppend.append(conn, log, toLog, k)
        .map(b -> AppendResult.merge(a, b))));
  }

  /** The users' keys, created if new: in the caller's transaction, or with Kafka committed on their own first. */
  private Uni<Map<String, UserKey>> userKeys(SqlConnection conn, UUID tenant, Set<String> users) {
    if (log == null) {
      return UserKeys.findOrCreate(conn, tenant, users);
    }
    // Known users (the common case) are read in the caller's transaction; a batch with a new user
    // creates the keys in a transaction of their own, committed before anything is published.
    return UserKeys.findAll(conn, tenant, users).chain(found -> found.size() == users.size() ? Uni.createFrom().item(found)
        : keyPool.withTransaction(c -> c.preparedQuery("SELECT set_config('kindred.tenant_id', $1, true)")
            .execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant.toString()))
            .chain(() -> UserKeys.findOrCreate(c, tenant, users))));
  }

  private Uni<AppendResult> insert(SqlConnection conn, List<EventEnvelope> batch, Map<UUID, Map<String, UserKey>> keys) {
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
    Short[] kinds = new Short[n];
    Boolean[] declined = new Boolean[n];
    Boolean[] personalization = new Boolean[n];
    Boolean[] analytics = new Boolean[n];
    int i = 0;
    for (EventEnvelope e : unique.values()) {
      tenants[i] = e.tenantId();
      ids[i] = e.eventId();
      types[i] = e.event().type().storedName();
      items[i] = e.itemId();
      String json = EventCodec.encode(e.event());
      ServingFact fact = ServingFact.NONE;
      if (EventEnvelope.userStream(e.streamKey())) {
        UserKey user = keys.get(e.tenantId()).get(e.streamKey());
        streams[i] = user.pseudonym();
        payloads[i] = SealedPayload.seal(user.dataKey(), e.eventId(), json);
        fact = ServingFact.of(e.event());
      } else {
        streams[i] = e.streamKey();
        payloads[i] = json;
      }
      occurred[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
      kinds[i] = (short) fact.kindBit();
      declined[i] = fact.declined();
      personalization[i] = fact.personalization();
      analytics[i] = fact.analytics();
      i++;
    }
    Tuple args = Tuple.tuple(List.of(tenants, streams, ids, types, items, payloads, occurred, kinds, declined,
        personalization, analytics));
    return conn.preparedQuery(APPEND_SQL).execute(args).map(rows -> {
      Map<UUID, Long> stored = new HashMap<>();
      for (Row r : rows) {
        stored.put(r.getUUID("event_id"), r.getLong("seq"));
      }
      return new AppendResult(stored, inBatchRepeats + (n - stored.size()));
    });
  }

  /**
   * Every event of the given stored types the current tenant recorded in the last {@code days},
   * in sequence order, opened with each stream's data key; erased users' events are left out.
   */
  public Uni<List<EventEnvelope>> readRecent(SqlConnection conn, UUID tenantId, List<String> types, int days) {
    return conn.preparedQuery("""
            SELECT seq, tenant_id, stream_key, event_id, type, item_id, payload::text AS payload, occurred_at, recorded_at
            FROM events WHERE tenant_id = $1 AND type = ANY($2) AND recorded_at > now() - make_interval(days => $3)
            ORDER BY seq
            """).execute(Tuple.of(tenantId, types.toArray(String[]::new), days))
        .chain(rows -> {
          Set<String> streams = new LinkedHashSet<>();
          rows.forEach(r -> streams.add(r.getString("stream_key")));
          return UserKeys.forStreams(conn, tenantId, streams).map(keys -> {
            List<EventEnvelope> out = new ArrayList<>();
            for (Row r : rows) {
              EventEnvelope e = toEnvelope(r, keys.get(r.getString("stream_key")));
              if (e != null) {
                out.add(e);
              }
            }
            return out;
          });
        });
  }

  /**
   * Every event of one end-user's stream (the user named by their id), in order, opened with their
   * data key; empty when the tenant holds nothing of them (never seen, or erased). With a Kafka log
   * this is what the archive holds so far.
   */
  public Uni<List<EventEnvelope>> readUserStream(SqlConnection conn, UUID tenantId, String userId) {
    return UserKeys.find(conn, tenantId, userId).chain(key -> key == null ? Uni.createFrom().item(List.<EventEnvelope>of())
        : conn.preparedQuery("""
            SELECT seq, tenant_id, stream_key, event_id, type, item_id, payload::text AS payload, occurred_at, recorded_at
            FROM events WHERE stream_key = $1 ORDER BY seq
            """).execute(Tuple.of(key.pseudonym())).map(rows -> {
              List<EventEnvelope> out = new ArrayList<>();
              for (Row r : rows) {
                EventEnvelope e = toEnvelope(r, key.dataKey());
                if (e != null) {
                  out.add(e);
                }
              }
              return out;
            }));
  }

  /** The row as an envelope, its payload opened with {@code dataKey}; null when sealed and the key is missing or wrong. */
  public static EventEnvelope toEnvelope(Row r, SecretKey dataKey) {
    String json = openPayload(r.getUUID("event_id"), r.getString("payload"), dataKey);
    if (json == null) {
      return null;
    }
    return new EventEnvelope(r.getLong("seq"), r.getUUID("tenant_id"), r.getString("stream_key"),
        r.getUUID("event_id"), EventCodec.decode(r.getString("type"), json),
        r.getString("item_id"), r.getOffsetDateTime("occurred_at").toInstant(),
        r.getOffsetDateTime("recorded_at").toInstant());
  }

  /** A stored payload's JSON: plain payloads as they are, sealed ones opened; null when it cannot be opened. */
  public static String openPayload(UUID eventId, String stored, SecretKey dataKey) {
    if (!SealedPayload.isSealed(stored)) {
      return stored;
    }
    if (dataKey == null) {
      return null;
    }
    try {
      return SealedPayload.open(dataKey, eventId, stored);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
