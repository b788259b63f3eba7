package dev.kindred.recsys;

/**
 * Where a candidate came from; the id travels with it into features and the explanation:
 * {@code interest/<cluster>}, {@code session}, {@code co-visit}, {@code trending},
 * {@code explore/<cluster>}, {@code sequence} (what a sequence model predicts the user does next), {@code similar} (item-to-item: near the item being looked at), and
 * {@code promoted/<rule id>} (placed by one of the tenant's pin rules, not by any score).
 */
public record Source(String kind, Integer clusterId) {

  public static final String INTEREST = "interest";
  public static final String SESSION = "session";
  public static final String CO_VISIT = "co-visit";
  public static final String SEQUENCE = "sequence";
  public static final String TRENDING = "trending";
  public static final String EXPLORE = "explore";
  public static final String SIMILAR = "similar";
  public static final String PROMOTED = "promoted";

  public static Source interest(int cluster) {
    return new Source(INTEREST, cluster);
  }

  public static Source explore(int cluster) {
    return new Source(EXPLORE, cluster);
  }

  public static Source of(String kind) {
    return new Source(kind, null);
  }

  /** The stable id, e.g. {@code interest/3}. */
  public String id() {
    return clusterId == null ? kind : kind + "/" + clusterId;
  }
}
