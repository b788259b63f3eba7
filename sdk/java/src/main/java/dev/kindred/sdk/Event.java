package dev.kindred.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Collections;
import java.util.UUID;

/**
 * One behaviour event, built by the factory for its type and refined fluently:
 * {@code Event.purchase("u-42", "sku-7").quantity(2).price(19.90).recommendation(recId)}. Each
 * event gets a random {@code eventId} when it is built, so sending the same object twice (a retry,
 * or a second {@code track}) stores it once. Immutable: each refinement returns a new event.
 */
public final class Event {

  private final Map<String, Object> fields;

  private Event(Map<String, Object> fields) {
    this.fields = fields;
  }

  private static Event of(String type, String userId, String itemId) {
    Objects.requireNonNull(userId, "userId");
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("eventId", UUID.randomUUID().toString());
    f.put("type", type);
    f.put("userId", userId);
    if (itemId != null) {
      f.put("itemId", itemId);
    }
    f.put("occurredAt", Instant.now().toString());
    return new Event(f);
  }

  public static Event view(String userId, String itemId) {
    return of("view", userId, itemId);
  }

  public static Event click(String userId, String itemId) {
    return of("click", userId, itemId);
  }

  public static Event addToCart(String userId, String itemId) {
    return of("add_to_cart", userId, itemId);
  }

  public static Event purchase(String userId, String itemId) {
    return of("purchase", userId, itemId);
  }

  /** A rating on the tenant's scale (0–10). */
  public static Event rating(String userId, String itemId, double rating) {
    return of("rating", userId, itemId).with("rating", rating);
  }

  public static Event search(String userId, String query) {
    return of("search", userId, null).with("query", query);
  }

  public static Event review(String userId, String itemId, String text) {
    return of("review", userId, itemId).with("text", text);
  }

  /** {@code like}, {@code dislike}, {@code not_interested} (item) or {@code hide_topic} (use {@link #topic}). */
  public static Event feedback(String userId, Feedback kind, String itemId) {
    return of("feedback", userId, itemId).with("kind", kind.wire);
  }

  /** The kinds of explicit feedback. */
  public enum Feedback {
    LIKE("like"), DISLIKE("dislike"), NOT_INTERESTED("not_interested"), HIDE_TOPIC("hide_topic");

    final String wire;

    Feedback(String wire) {
      this.wire = wire;
    }
  }

  public Event quantity(int quantity) {
    return with("quantity", quantity);
  }

  public Event price(double price) {
    return with("price", price);
  }

  /** A rating attached to a review. */
  public Event stars(double rating) {
    return with("rating", rating);
  }

  public Event dwellMs(long ms) {
    return with("dwellMs", ms);
  }

  public Event topic(String topic) {
    return with("topic", topic);
  }

  public Event session(String sessionId) {
    return with("sessionId", sessionId);
  }

  /** The {@code recommendationId} of the list the user acted on: attributes the event to it. */
  public Event recommendation(String recommendationId) {
    return with("recommendationId", recommendationId);
  }

  /** When it happened (default: when the event was built). */
  public Event at(Instant when) {
    return with("occurredAt", when.toString());
  }

  /** A context value such as {@code device → mobile}, {@code daypart → evening}. */
  public Event context(String key, String value) {
    @SuppressWarnings("unchecked")
    Map<String, String> ctx = new LinkedHashMap<>((Map<String, String>) fields.getOrDefault("context", Map.of()));
    ctx.put(key, value);
    return with("context", ctx);
  }

  /** The same event under another id (a different event, as far as idempotency is concerned). */
  public Event withEventId(UUID id) {
    return with("eventId", id.toString());
  }

  public String eventId() {
    return (String) fields.get("eventId");
  }

  public String type() {
    return (String) fields.get("type");
  }

  /** The JSON object sent to {@code POST /v1/events}. */
  public Map<String, Object> toJson() {
    return Collections.unmodifiableMap(fields);
  }

  private Event with(String key, Object value) {
    Objects.requireNonNull(value, key);
    Map<String, Object> f = new LinkedHashMap<>(fields);
    f.put(key, value);
    return new Event(f);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
