package dev.kindred.ingest.event.service;

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

/**
 * For tenants whose setting is {@code eventsWithoutConsent: "drop"}: which of a batch's users
 * withdrew both personalization and analytics consent, read from the serving read model
 * ({@code user_serving}, written in the transaction of their latest {@code ConsentChanged}) in the
 * transaction that appends, so a withdrawal holds from the very next batch.
 */
final class ConsentGate {

  private ConsentGate() {
  }

  static Uni<Set<String>> withdrawn(SqlConnection c, UUID tenant, Set<String> userIds) {
    // One lookup for the batch's users, one read of their consent (the serving read model, V23).
    return UserKeys.findAll(c, tenant, userIds).chain(found -> {
      if (found.isEmpty()) {
        return Uni.createFrom().item(Set.<String>of());
      }
      Map<String, String> userOf = new HashMap<>();
      found.forEach((id, k) -> userOf.put(k.pseudonym(), id));
      return c.preparedQuery("""
              SELECT user_id FROM user_serving WHERE user_id = ANY($1) AND NOT personalization AND NOT analytics
              """).execute(Tuple.of((Object) userOf.keySet().toArray(String[]::new))).map(rows -> {
        Set<String> out = new HashSet<>();
        for (Row r : rows) {
          out.add(userOf.get(r.getString("user_id")));
        }
        return out;
      });
    });
  }
}
