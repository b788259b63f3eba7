package dev.kindred.eventstore.log;

import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * A projection fed by a Kafka consumer group: like {@link SubscriptionHandler}, {@code prepare}
 * runs outside any transaction and {@code apply} inside the one that also moves the group's
 * offsets. It sees each record as it travelled ({@link LogEntry#record}) and opened.
 */
public interface LogHandler<P> {

  /** A record and its opened event; {@code delivered} is null when the user's key is gone (erased). */
  record LogEntry(LogRecord record, int partition, long offset, Delivered delivered) {
  }

  P prepare(List<LogEntry> entries);

  Uni<Void> apply(SqlConnection tx, List<LogEntry> entries, P prepared);

  /** A subscription's projection, fed the opened events (erased users' records are left out, as the store does). */
  static <P> LogHandler<P> of(SubscriptionHandler<P> projection) {
    return new LogHandler<>() {
      @Override
      public P prepare(List<LogEntry> entries) {
        return projection.prepare(opened(entries));
      }

      @Override
      public Uni<Void> apply(SqlConnection tx, List<LogEntry> entries, P prepared) {
        return projection.apply(tx, opened(entries), prepared);
      }
    };
  }

  private static List<Delivered> opened(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::delivered).filter(java.util.Objects::nonNull).toList();
  }
}
