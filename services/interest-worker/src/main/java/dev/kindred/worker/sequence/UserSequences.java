package dev.kindred.worker.sequence;

import dev.kindred.eventstore.EventQueries;
import dev.kindred.worker.covisit.CoVisitProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
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
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = new ArrayList<>();
    List<int[]> sequences = new ArrayList<>();
    // The stream being read, and its items so far (the rows come stream by stream).
    String[] stream = {null};
    List<List<Integer>> current = new ArrayList<>(List.of(new ArrayList<>()));
    return EventQueries.latestItemPerStream(c, CoVisitProjection.ENGAGEMENTS, days, (streamKey, itemId) -> {
      if (!streamKey.equals(stream[0])) {
        add(sequences, current.get(0), maxLength);
        stream[0] = streamKey;
        current.set(0, new ArrayList<>());
      }
      current.get(0).add(index.computeIfAbsent(itemId, id -> {
        ids.add(id);
        return ids.size() - 1;
      }));
    }).map(done -> {
      add(sequences, current.get(0), maxLength);
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
