package dev.kindred.eventstore.subscription;

/**
 * Where a subscription stands: the (transaction id, sequence) of the last event it has seen.
 * Events are read in that order, which is commit-safe (see V4's read_subscription_events).
 * Events delivered from the Kafka log carry no transaction id ({@link #ofLog}): there, ingest holds
 * each user's lock from taking the sequence numbers until the broker acknowledged, so within one
 * user's stream sequence order is log order, and positions compare by sequence alone.
 */
public record Position(long txId, long seq) implements Comparable<Position> {

  public static final Position START = new Position(0, 0);

  public static Position ofLog(long seq) {
    return new Position(0, seq);
  }

  @Override
  public int compareTo(Position o) {
    if (txId == 0 || o.txId == 0) {
      return Long.compare(seq, o.seq);
    }
    int c = Long.compareUnsigned(txId, o.txId);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
