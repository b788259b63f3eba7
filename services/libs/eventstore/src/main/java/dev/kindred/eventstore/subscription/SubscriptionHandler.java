package dev.kindred.eventstore.subscription;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * A checkpointed projection. {@link #prepare} runs outside any transaction and may block (for
 * example to embed texts); {@link #apply} writes the projection in the transaction that also
 * moves the checkpoint, so a batch is applied once even if the worker dies half-way. Apply must
 * still be idempotent by event sequence: after a lost lease the next owner may see a batch again.
 */
public interface SubscriptionHandler<P> {

  P prepare(List<Delivered> events);

  Uni<Void> apply(SqlConnection tx, List<Delivered> events, P prepared);

  /**
   * Whether this handler can prepare the next batch while the one before it is still being written
   * ({@link #prepareAfter}). A runner behind the log then overlaps the two: the database writes one
   * batch while the worker reads and computes the next, instead of each waiting for the other.
   */
  default boolean overlaps() {
    return false;
  }

  /**
   * Prepares {@code events} while {@code inFlight} — what {@link #prepare} gave for the batch just
   * before them — is being applied and not yet committed: what that batch writes must be taken from
   * {@code inFlight}, not read back. If that write fails, this result is thrown away unused.
   */
  default P prepareAfter(List<Delivered> events, P inFlight) {
    return prepare(events);
  }
}
