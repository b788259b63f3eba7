package dev.kindred.events;

/**
 * Explicit feedback on an item or a topic. {@code kind} is one of {@link Kind}; hide_topic names a
 * topic (free text or an interest label) instead of, or next to, an item.
 */
public record FeedbackGiven(String kind, String itemId, String topic, String recommendationId)
    implements KindredEvent {

  /** The feedback kinds the API accepts, by their wire names. */
  public enum Kind {
    LIKE("like"), DISLIKE("dislike"), NOT_INTERESTED("not_interested"), HIDE_TOPIC("hide_topic");

    public final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public static Kind fromWire(String s) {
      for (Kind k : values()) {
        if (k.wire.equals(s)) {
          return k;
        }
      }
      return null;
    }
  }
}
