package dev.kindred.eventstore.log;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each consumer group stands on each partition, kept in PostgreSQL ({@code log_offsets}, V20)
 * and moved in the transaction that writes the projection: a batch and its offset commit together.
 * The move is a compare-and-set on the offset the consumer started from, so a consumer that lost
 * its partition in a rebalance (a "zombie" still finishing a batch) cannot apply it a second time:
 * its transaction finds the offset moved and rolls back.
 */
public final class LogOffsets {

  private static final Duration DB = Duration.ofSeconds(30);

  private LogOffsets() {
  }

  /** The next offset to read for the partition; 0 (the log's start) the first time. */
  public static long claim(SqlClient c, String group, String topic, int partition) {
    // One round trip: the no-op update makes RETURNING give the stored offset when the row exists.
    return c.preparedQuery("""
            INSERT INTO log_offsets (consumer_group, topic, part) VALUES ($1, $2, $3)
            ON CONFLICT (consumer_group, topic, part) DO UPDATE SET next_offset = log_offsets.next_offset
            RETURNING next_offset
            """).execute(Tuple.of(group, topic, partition)).await().atMost(DB).iterator().next().getLong(0);
  }

  /** Moves the partition from {@code expected} to {@code next}, or throws {@link Fenced} when another consumer moved it. */
  public static io.smallrye.mutiny.Uni<Void> advance(SqlClient tx, String group, String topic, int partition,
      long expected, long next) {
    return tx.preparedQuery("""
            UPDATE log_offsets SET next_offset = $5, updated_at = now()
            WHERE consumer_group = $1 AND topic = $2 AND part = $3 AND next_offset = $4
            """)
        .execute(Tuple.of(group, topic, partition, expected, next))
        .map(rows -> {
          if (rows.rowCount() != 1) {
            throw new Fenced(group, topic, partition, expected);
          }
          return null;
        });
  }

  /** Every partition's next offset for the group (partitions it never read are absent). */
  public static Map<Integer, Long> of(SqlClient c, String group, String topic) {
    Map<Integer, Long> out = new HashMap<>();
    for (Row r : c.preparedQuery("SELECT part, next_offset FROM log_offsets WHERE consumer_group = $1 AND topic = $2")
        .execute(Tuple.of(group, topic)).await().atMost(DB)) {
      out.put(r.getInteger("part"), r.getLong("next_offset"));
    }
    return out;
  }

  /** Another consumer of the group moved the partition past where this one started: its batch must not apply. */
  public static final class Fenced extends RuntimeException {
    Fenced(String group, String topic, int partition, long expected) {
      super("consumer group " + group + ": " + topic + "-" + partition + " moved past offset " + expected
          + " under another consumer; this batch is dropped and the partition re-read from its stored offset");
    }
  }
}
