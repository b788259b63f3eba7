package dev.kindred.eventstore.subscription;

/**
 * Where a subscription stands: the (transaction id, sequence) of the last event it has seen.
 * Events are read in that order, which is commit-safe (see V4's read_subscription_events).
 */
public record Position(long txId, long seq) implements Comparable<Position> {

  public static final Position START = new Position(0, 0);

  @Override
  public int compareTo(Position o) {
    int c = Long.compareUnsigned(txId, o.txId);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
