package dev.kindred.ingest.event.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.AddedToCart;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.events.FeedbackGiven;
import dev.kindred.events.ItemClicked;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemRated;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;
import dev.kindred.events.ReviewWritten;
import dev.kindred.events.SearchPerformed;
import dev.kindred.ingest.common.Fields;
import dev.kindred.tenancy.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one JSON behaviour event into a stored event, or into the list of what is wrong with it.
 * Limits: ids ≤256 characters, search queries ≤500, review texts ≤5,000, occurredAt at most
 * {@code maxFutureSkew} ahead of the server clock and not before 2000-01-01.
 */
public final class EventValidator {
  public static final int MAX_ID = 256;
  public static final int MAX_QUERY = 500;
  public static final int MAX_TEXT = 5000;
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Set<String> ALLOWED = Set.of("eventId", "type", "userId", "itemId", "sessionId",
      "occurredAt", "dwellMs", "rating", "quantity", "price", "query", "text", "kind", "topic",
      "recommendationId", "context");

  private final Duration maxFutureSkew;

  public EventValidator(Duration maxFutureSkew) {
    this.maxFutureSkew = maxFutureSkew;
  }

  /** Either an envelope ready to append or the field errors; never both. */
  public record Outcome(EventEnvelope envelope, List<FieldError> errors) {}

  public Outcome validate(JsonNode node, int index, UUID tenantId, Instant now) {
    Fields f = new Fields(node, index);
    if (node == null || !node.isObject()) {
      f.error("", "each event must be a JSON object");
      return new Outcome(null, f.errors());
    }
    f.onlyAllowed(ALLOWED);
    String typeName = f.id("type", true, 40);
    EventType type = EventType.fromWireName(typeName);
    if (typeName != null && type == null) {
      f.error("type", "unknown event type '" + typeName + "'; known: " + EventType.wireNames());
    }
    return build(f, type, tenantId, now);
  }

  /** Feedback arrives on its own endpoint, without a type field. */
  public Outcome validateFeedback(JsonNode node, int index, UUID tenantId, Instant now) {
    Fields f = new Fields(node, index);
    if (node == null || !node.isObject()) {
      f.error("", "each feedback must be a JSON object");
      return new Outcome(null, f.errors());
    }
    f.onlyAllowed(Set.of("eventId", "userId", "itemId", "occurredAt", "kind", "topic", "recommendationId", "sessionId", "context"));
    return build(f, EventType.FEEDBACK_GIVEN, tenantId, now);
  }

  private Outcome build(Fields f, EventType type, UUID tenantId, Instant now) {
    String userId = f.id("userId", true, MAX_ID);
    if (userId != null && !EventEnvelope.userStream(userId)) {
      f.error("userId", "'" + userId + "' is reserved for the tenant's own streams");
      userId = null;
    }
    UUID eventId = f.uuid("eventId");
    Instant occurredAt = f.instant("occurredAt");
    if (occurredAt != null && occurredAt.isAfter(now.plus(maxFutureSkew))) {
      f.error("occurredAt", "is more than " + maxFutureSkew.toSeconds() + " s in the future");
    } else if (occurredAt != null && occurredAt.isBefore(EARLIEST)) {
      f.error("occurredAt", "is before 2000-01-01");
    }
    boolean itemNeeded = type != null && type.requiresItem();
    String itemId = f.id("itemId", itemNeeded, MAX_ID);
    String sessionId = f.id("sessionId", false, 128);
    String recId = f.id("recommendationId", false, 64);
    Map<String, String> context = f.stringMap("context", 20, 200);
    KindredEvent event = type == null ? null : switch (type) {
      case ITEM_VIEWED -> new ItemViewed(itemId, sessionId, f.integer("dwellMs", 0, 86_400_000L), recId, context);
      case ITEM_CLICKED -> new ItemClicked(itemId, sessionId, recId, context);
      case ADDED_TO_CART -> new AddedToCart(itemId, sessionId, intOrNull(f.integer("quantity", 1, 10_000)), recId, context);
      case ITEM_PURCHASED -> new ItemPurchased(itemId, sessionId, intOrNull(f.integer("quantity", 1, 10_000)),
          f.number("price", false, 0, 1e9), recId, context);
      case ITEM_RATED -> {
        Double r = f.number("rating", true, 0, 10);
        yield new ItemRated(itemId, sessionId, r == null ? 0 : r, context);
      }
      case SEARCH_PERFORMED -> new SearchPerformed(f.text("query", true, MAX_QUERY), sessionId, context);
      case REVIEW_WRITTEN -> new ReviewWritten(itemId, sessionId, f.number("rating", false, 0, 10),
          f.text("text", true, MAX_TEXT), context);
      case FEEDBACK_GIVEN -> feedback(f, itemId, recId);
      default -> null;
    };
    if (!f.ok() || event == null) {
      return new Outcome(null, f.errors());
    }
    EventEnvelope env = EventEnvelope.toAppend(tenantId, userId, eventId != null ? eventId : UUID.randomUUID(),
        event, itemId, occurredAt != null ? occurredAt : now);
    return new Outcome(env, List.of());
  }

  private static FeedbackGiven feedback(Fields f, String itemId, String recId) {
    String kindName = f.id("kind", true, 40);
    FeedbackGiven.Kind kind = FeedbackGiven.Kind.fromWire(kindName);
    if (kindName != null && kind == null) {
      f.error("kind", "must be one of like, dislike, not_interested, hide_topic");
    }
    String topic = f.text("topic", false, 100);
    if (kind == FeedbackGiven.Kind.HIDE_TOPIC && topic == null && itemId == null) {
      f.error("topic", "hide_topic needs a topic (or an itemId whose topic to hide)");
    } else if (kind != null && kind != FeedbackGiven.Kind.HIDE_TOPIC && itemId == null) {
      f.error("itemId", "is required for " + kind.wire);
    }
    return new FeedbackGiven(kind == null ? kindName : kind.wire, itemId, topic, recId);
  }

  private static Integer intOrNull(Long l) {
    return l == null ? null : l.intValue();
  }
}
