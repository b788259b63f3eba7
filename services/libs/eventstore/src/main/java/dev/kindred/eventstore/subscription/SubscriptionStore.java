package dev.kindred.eventstore.subscription;

import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.SealedPayload;
import dev.kindred.eventstore.privacy.UserKeys;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads events across tenants in commit-safe order and keeps each subscription's checkpoint. */
public final class SubscriptionStore {

  /** A batch of events and the position to checkpoint after it (null when nothing was read). */
  public record Batch(List<Delivered> events, Position end) {
  }

  private static final String READ = """
      SELECT seq, tx_id::text AS tx_id, tenant_id, stream_key, event_id, type, item_id, payload::text AS payload,
             occurred_at, recorded_at
      FROM read_subscription_events($1::text::xid8, $2, $3, $4)
      """;

  public Uni<Position> checkpoint(SqlClient client, String name) {
    return client.preparedQuery("INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(name))
        .chain(() -> client.preparedQuery(
            "SELECT last_tx_id::text AS tx, last_seq FROM subscription_checkpoints WHERE name = $1")
            .execute(Tuple.of(name)))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Position(Long.parseUnsignedLong(r.getString("tx")), r.getLong("last_seq"));
        });
  }

  /** {@code types} are stored event type names; null reads every type. */
  public Uni<Batch> read(SqlClient client, Position after, Collection<String> types, int limit) {
    String[] wanted = types == null ? null : types.toArray(String[]::new);
    return client.preparedQuery(READ)
        .execute(Tuple.of(Long.toUnsignedString(after.txId()), after.seq(), wanted, limit))
        .chain(rows -> {
          List<UUID> tenants = new ArrayList<>();
          List<String> streams = new ArrayList<>();
          Set<String> seen = new HashSet<>();
          for (Row r : rows) {
            UUID tenant = r.getUUID("tenant_id");
            if (tenant != null && SealedPayload.isSealed(r.getString("payload"))
                && seen.add(tenant + "/" + r.getString("stream_key"))) {
              tenants.add(tenant);
              streams.add(r.getString("stream_key"));
            }
          }
          return UserKeys.forSubscription(client, tenants, streams).map(keys -> toBatch(rows, keys));
        });
  }

  /** Events whose user's key is gone (erased) are not delivered; the batch still ends past them. */
  private static Batch toBatch(RowSet<Row> rows, Map<String, SecretKey> keys) {
    List<Delivered> events = new ArrayList<>(rows.size());
    Position end = null;
    for (Row r : rows) {
      Position at = new Position(Long.parseUnsignedLong(r.getString("tx_id")), r.getLong("seq"));
      end = at;
      UUID tenant = r.getUUID("tenant_id");
      if (tenant != null) {
        EventEnvelope e = EventStore.toEnvelope(r, keys.get(tenant + "/" + r.getString("stream_key")));
        if (e != null) {
          events.add(new Delivered(e, at));
        }
      }
    }
    return new Batch(events, end);
  }

  public Uni<Void> save(SqlClient client, String name, Position position) {
    return client.preparedQuery("""
            UPDATE subscription_checkpoints SET last_tx_id = $2::text::xid8, last_seq = $3, updated_at = now()
            WHERE name = $1
            """)
        .execute(Tuple.of(name, Long.toUnsignedString(position.txId()), position.seq()))
        .replaceWithVoid();
  }

  /** Keeps an event the subscription could not apply, with why (first 2,000 characters of the error). */
  public Uni<Void> park(SqlClient client, String name, Delivered d, Throwable error) {
    String why = String.valueOf(error);
    return client.preparedQuery("""
            INSERT INTO subscription_parked (name, seq, tenant_id, type, error) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (name, seq) DO UPDATE SET error = EXCLUDED.error, parked_at = now()
            """)
        .execute(Tuple.of(name, d.position().seq(), d.envelope().tenantId(), dev.kindred.events.EventType.of(d.envelope().event().getClass()).storedName(),
            why.length() > 2000 ? why.substring(0, 2000) : why))
        .replaceWithVoid();
  }
}
