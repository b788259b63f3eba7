package dev.kindred.tenancy;

import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Query;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection that counts the statements prepared or run through it (for {@link StatementTally}). */
final class CountingConnection extends SqlConnection {

  private final AtomicInteger count;

  CountingConnection(SqlConnection connection, AtomicInteger count) {
    super(connection.getDelegate());
    this.count = count;
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    count.incrementAndGet();
    return super.preparedQuery(sql);
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    count.incrementAndGet();
    return super.query(sql);
  }
}
