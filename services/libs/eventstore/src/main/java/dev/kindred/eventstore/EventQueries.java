package dev.kindred.eventstore;

import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.subscription.Position;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.crypto.SecretKey;

/**
 * The reads over the log that projections, erasure and reports need beyond appending and
 * streaming: mostly over its plain columns (item id, type, times), so no sealed payload is opened
 * unless a method says so. With {@link EventStore} the only code that touches the {@code events}
 * table; every method runs in the caller's tenant-bound connection.
 */
public final class EventQueries {

  private EventQueries() {
  }

  /** How many of the tenant's events of these types have a sequence number of at least {@code fromSeq}. */
  public static Uni<Long> countSince(SqlConnection c, UUID tenant, Collection<String> types, long fromSeq) {
    return c.preparedQuery("SELECT count(*) FROM events WHERE tenant_id = $1 AND type = ANY ($2) AND seq >= $3")
        .execute(Tuple.of(tenant, types.toArray(String[]::new), fromSeq))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * For each stream, the items of its latest {@code n} events of these types before the given
   * sequence number, oldest first (a stream with none maps to an empty list).
   */
  public static Uni<Map<String, List<String>>> itemsBefore(SqlConnection c, Map<String, Long> beforeSeq,
      Collection<String> types, int n) {
    return c.preparedQuery("""
            SELECT u.stream_key, p.items FROM unnest($1::text[], $2::bigint[]) AS u(stream_key, before_seq)
            CROSS JOIN LATERAL (
              SELECT array_agg(item_id ORDER BY seq) AS items FROM (
                SELECT item_id, seq FROM events e
                WHERE e.stream_key = u.stream_key AND e.seq < u.before_seq AND e.item_id IS NOT NULL AND e.type = ANY ($3)
                ORDER BY e.seq DESC LIMIT $4) t) p
            """).execute(Tuple.of(beforeSeq.keySet().toArray(String[]::new), beforeSeq.values().toArray(Long[]::new),
            types.toArray(String[]::new), n))
        .map(rows -> {
          Map<String, List<String>> out = new HashMap<>();
          for (Row r : rows) {
            String[] items = r.getArrayOfStrings(1);
            out.put(r.getString(0), items == null ? new ArrayList<>() : new ArrayList<>(List.of(items)));
          }
          return out;
        });
  }

  /** One event's item and when it was recorded. */
  public record ItemAt(String itemId, Instant recordedAt) {
  }

  /** The items of one stream's events of these types up to {@code upTo} (inclusive), in order. */
  public static Uni<List<ItemAt>> itemsUpTo(SqlConnection c, String streamKey, Collection<String> types, Position upTo) {
    return c.preparedQuery("""
            SELECT item_id, recorded_at FROM events WHERE stream_key = $1 AND item_id IS NOT NULL AND type = ANY($2)
              AND (tx_id, seq) <= ($3::text::xid8, $4) ORDER BY seq
            """).execute(Tuple.of(streamKey, types.toArray(String[]::new), Long.toUnsignedString(upTo.txId()), upTo.seq()))
        .map(rows -> {
          List<ItemAt> out = new ArrayList<>();
          rows.forEach(r -> out.add(new ItemAt(r.getString(0), r.getOffsetDateTime(1).toInstant())));
          return out;
        });
  }

  /**
   * Each end-user stream whose key still exists, with the items it engaged with (these types) in the
   * last {@code days}, each item once, in the order of its latest event: {@code each} is called per
   * (stream, item), streams one after another.
   */
  public static Uni<Void> latestItemPerStream(SqlConnection c, Collection<String> types, int days,
      BiConsumer<String, String> each) {
    return c.preparedQuery("""
            SELECT e.stream_key, e.item_id, max(e.seq) AS last
            FROM events e
            WHERE e.type = ANY ($1) AND e.item_id IS NOT NULL AND e.recorded_at > now() - make_interval(days => $2)
              AND EXISTS (SELECT 1 FROM user_keys k WHERE k.pseudonym = e.stream_key)
            GROUP BY e.stream_key, e.item_id
            ORDER BY e.stream_key, last
            """).execute(Tuple.of(types.toArray(String[]::new), days))
        .invoke(rows -> rows.forEach(r -> each.accept(r.getString("stream_key"), r.getString("item_id"))))
        .replaceWithVoid();
  }

  /** One day's events of one type: the distinct users, and the events with each user's clipped to {@code clip}. */
  public record DailyActivity(String day, String type, long users, long events) {
  }

  /**
   * The tenant's end-users' activity per day (by occurrence) and stored type over the last
   * {@code days}, leaving out users who withdrew analytics consent.
   */
  public static Uni<List<DailyActivity>> dailyActivity(SqlConnection c, UUID tenant, int days, int clip) {
    return c.preparedQuery("""
            SELECT to_char(day, 'YYYY-MM-DD') AS day, type, count(*) AS users, sum(least(n, $2)) AS events FROM (
              SELECT date_trunc('day', occurred_at) AS day, type, stream_key, count(*) AS n FROM events
              WHERE tenant_id = $1 AND occurred_at > now() - make_interval(days => $3)
                AND stream_key <> ALL ($4)
                AND stream_key NOT IN (SELECT user_id FROM user_consent WHERE NOT analytics)
              GROUP BY 1, 2, 3) t
            GROUP BY 1, 2
            """).execute(Tuple.of(tenant, clip, days, EventEnvelope.SYSTEM_STREAMS.toArray(String[]::new)))
        .map(rows -> {
          List<DailyActivity> out = new ArrayList<>();
          rows.forEach(r -> out.add(new DailyActivity(r.getString("day"), r.getString("type"), r.getLong("users"),
              r.getLong("events"))));
          return out;
        });
  }

  /** One stream's events of one stored type, opened with {@code dataKey} (those it cannot open left out). */
  public static Uni<List<EventEnvelope>> ofType(SqlConnection c, String streamKey, String storedType, SecretKey dataKey) {
    return c.preparedQuery("""
            SELECT seq, tenant_id, stream_key, event_id, type, item_id, payload::text AS payload, occurred_at, recorded_at
            FROM events WHERE stream_key = $1 AND type = $2 ORDER BY seq
            """).execute(Tuple.of(streamKey, storedType)).map(rows -> {
              List<EventEnvelope> out = new ArrayList<>();
              for (Row r : rows) {
                EventEnvelope e = EventStore.toEnvelope(r, dataKey);
                if (e != null) {
                  out.add(e);
                }
              }
              return out;
            });
  }

  /**
   * Clears the item-id column of an erased stream's events (their payloads can no longer be
   * opened; this was the last thing tying the pseudonym to items); how many events it cleared.
   */
  public static Uni<Long> redactStream(SqlConnection c, String streamKey) {
    return c.preparedQuery("SELECT redact_erased_stream($1)").execute(Tuple.of(streamKey))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
