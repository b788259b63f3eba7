package dev.kindred.worker.sequence;

import dev.kindred.worker.covisit.CoVisitProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Users' item sequences as a sequence model learns them and serving asks about them: each user's
 * engaged items (views, clicks, carts, purchases) in the order of their latest engagement — exactly
 * the order recommend reads a user's recent items in — keeping the latest {@code maxLength + 1}.
 * Items get dense indices in order of first appearance. Only the item-id column is read (no sealed
 * payload is opened); erased users' events have lost that column and users whose key is gone are
 * skipped, so an erasure also takes the user out of the next model.
 */
record UserSequences(List<String> itemIds, List<int[]> sequences, long positions) {

  static Uni<UserSequences> read(SqlConnection c, int days, int maxLength) {
    return c.preparedQuery("""
            SELECT e.stream_key, e.item_id, max(e.seq) AS last
            FROM events e
            WHERE e.type = ANY ($1) AND e.item_id IS NOT NULL AND e.recorded_at > now() - make_interval(days => $2)
              AND EXISTS (SELECT 1 FROM user_keys k WHERE k.pseudonym = e.stream_key)
            GROUP BY e.stream_key, e.item_id
            ORDER BY e.stream_key, last
            """).execute(Tuple.of(CoVisitProjection.ENGAGEMENTS.toArray(String[]::new), days))
        .map(rows -> {
          Map<String, Integer> index = new HashMap<>();
          List<String> ids = new ArrayList<>();
          List<int[]> sequences = new ArrayList<>();
          String stream = null;
          List<Integer> current = new ArrayList<>();
          for (Row r : rows) {
            if (!r.getString("stream_key").equals(stream)) {
              add(sequences, current, maxLength);
              stream = r.getString("stream_key");
              current = new ArrayList<>();
            }
            current.add(index.computeIfAbsent(r.getString("item_id"), id -> {
              ids.add(id);
              return ids.size() - 1;
            }));
          }
          add(sequences, current, maxLength);
          long positions = sequences.stream().mapToLong(s -> s.length - 1).sum();
          return new UserSequences(List.copyOf(ids), sequences, positions);
        });
  }

  private static void add(List<int[]> sequences, List<Integer> items, int maxLength) {
    if (items.size() >= 2) {
      int[] s = items.stream().mapToInt(Integer::intValue).toArray();
      sequences.add(s.length > maxLength + 1 ? Arrays.copyOfRange(s, s.length - maxLength - 1, s.length) : s);
    }
  }
}
