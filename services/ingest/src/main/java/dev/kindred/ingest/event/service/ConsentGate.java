package dev.kindred.ingest.event.service;

import dev.kindred.events.ConsentChanged;
import dev.kindred.events.EventCodec;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.privacy.UserKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * For tenants whose setting is {@code eventsWithoutConsent: "drop"}: which of a batch's users
 * withdrew both personalization and analytics consent, read from their latest
 * {@code ConsentChanged} in the log (opened with their key) in the transaction that appends, so
 * a withdrawal holds from the very next batch.
 */
final class ConsentGate {

  private ConsentGate() {
  }

  static Uni<Set<String>> withdrawn(SqlConnection c, UUID tenant, Set<String> userIds) {
    Map<String, String> userOf = new HashMap<>();
    Map<String, SecretKey> keyOf = new HashMap<>();
    // One lookup for the batch's users (a step per user would cost a round trip each).
    Uni<Void> keys = UserKeys.findAll(c, tenant, userIds).invoke(found -> found.forEach((id, k) -> {
      userOf.put(k.pseudonym(), id);
      keyOf.put(k.pseudonym(), k.dataKey());
    })).replaceWithVoid();
    return keys.chain(() -> userOf.isEmpty() ? Uni.createFrom().item(Set.<String>of()) : c.preparedQuery("""
            SELECT DISTINCT ON (stream_key) stream_key, event_id, payload::text AS payload FROM events
            WHERE stream_key = ANY($1) AND type = 'ConsentChanged' ORDER BY stream_key, seq DESC
            """).execute(Tuple.of((Object) userOf.keySet().toArray(String[]::new))).map(rows -> {
      Set<String> out = new HashSet<>();
      for (Row r : rows) {
        String pseudonym = r.getString("stream_key");
        String json = EventStore.openPayload(r.getUUID("event_id"), r.getString("payload"), keyOf.get(pseudonym));
        if (json != null && EventCodec.decode("ConsentChanged", json) instanceof ConsentChanged cc
            && !cc.personalization() && !cc.analytics()) {
          out.add(userOf.get(pseudonym));
        }
      }
      return out;
    }));
  }
}
