package dev.kindred.eventstore.log;

import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.SealedPayload;
import dev.kindred.eventstore.privacy.UserKeys;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.Position;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns polled records into what a projection sees: decoded, filtered to its types, and opened with
 * the users' keys (one owner-rights query per batch). A record whose user's key is gone (erased)
 * stays an entry without an event, so its offset still moves; one that is not a Kindred record is
 * logged and skipped.
 */
final class LogEntries {

  private static final Logger LOG = Logger.getLogger(LogEntries.class);

  private LogEntries() {
  }

  /** Decodes the records of the wanted types and opens their payloads with the users' keys (one query per batch). */
  static List<LogHandler.LogEntry> open(Pool pool, String group, List<ConsumerRecord<String, byte[]>> records,
      Set<String> types) {
    List<LogRecord> decoded = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>();
    List<UUID> tenants = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      LogRecord lr;
      try {
        lr = LogRecord.decode(r.value());
      } catch (IllegalArgumentException e) {
        LOG.errorf("log consumer %s skips %s-%d@%d: %s", group, r.topic(), r.partition(), r.offset(), e.getMessage());
        continue;
      }
      if (types != null && !types.contains(lr.type())) {
        continue;
      }
      decoded.add(lr);
      kept.add(r);
      if (SealedPayload.isSealed(lr.payload()) && seen.add(lr.key())) {
        tenants.add(lr.tenantId());
        streams.add(lr.streamKey());
      }
    }
    Map<String, SecretKey> keys = UserKeys.forSubscription(pool, tenants, streams).await().atMost(Duration.ofSeconds(30));
    List<LogHandler.LogEntry> out = new ArrayList<>(decoded.size());
    for (int i = 0; i < decoded.size(); i++) {
      LogRecord lr = decoded.get(i);
      ConsumerRecord<String, byte[]> r = kept.get(i);
      out.add(new LogHandler.LogEntry(lr, r.partition(), r.offset(), deliver(lr, keys.get(lr.key()))));
    }
    return out;
  }

  private static Delivered deliver(LogRecord r, SecretKey key) {
    String json = EventStore.openPayload(r.eventId(), r.payload(), key);
    if (json == null) {
      return null;
    }
    EventEnvelope e = new EventEnvelope(r.seq(), r.tenantId(), r.streamKey(), r.eventId(),
        dev.kindred.events.EventCodec.decode(r.type(), json), r.itemId(), r.occurredAt(), r.recordedAt());
    return new Delivered(e, Position.ofLog(r.seq()));
  }

}
