package dev.kindred.tenancy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many SQL statements a unit of work sent (transaction control not counted): filled by
 * {@link TenantTx#run(io.vertx.mutiny.sqlclient.Pool, java.util.UUID, java.util.function.Function, StatementTally)},
 * read by whoever reports it (serving answers it in a header, the statement budget test asserts it).
 */
public final class StatementTally {

  private final AtomicInteger statements = new AtomicInteger();

  public void add(int n) {
    statements.addAndGet(n);
  }

  public int statements() {
    return statements.get();
  }
}
