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
}
