package dev.kindred.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one registry of event types. The stored name is the past-tense record name; behaviour
 * events also have the short wire name that tenants send ({@code "type": "view"}).
 */
public enum EventType {
  ITEM_VIEWED(ItemViewed.class, "view", true),
  ITEM_CLICKED(ItemClicked.class, "click", true),
  ADDED_TO_CART(AddedToCart.class, "add_to_cart", true),
  ITEM_PURCHASED(ItemPurchased.class, "purchase", true),
  ITEM_RATED(ItemRated.class, "rating", true),
  SEARCH_PERFORMED(SearchPerformed.class, "search", false),
  REVIEW_WRITTEN(ReviewWritten.class, "review", true),
  FEEDBACK_GIVEN(FeedbackGiven.class, "feedback", false),
  INTERESTS_STATED(InterestsStated.class, null, false),
  INTEREST_CORRECTED(InterestCorrected.class, null, false),
  IMPRESSION_LOGGED(ImpressionLogged.class, null, false),
  ITEM_UPSERTED(ItemUpserted.class, null, true),
  ITEM_REMOVED(ItemRemoved.class, null, true),
  CONSENT_CHANGED(ConsentChanged.class, null, false),
  TENANT_CREATED(TenantCreated.class, null, false),
  TENANT_SETTINGS_CHANGED(TenantSettingsChanged.class, null, false),
  API_KEY_ISSUED(ApiKeyIssued.class, null, false),
  API_KEY_REVOKED(ApiKeyRevoked.class, null, false),
  ERASURE_REQUESTED(ErasureRequested.class, null, false),
  ERASURE_COMPLETED(ErasureCompleted.class, null, false);

  private static final Map<Class<?>, EventType> BY_CLASS =
      Arrays.stream(values()).collect(Collectors.toMap(t -> t.recordClass, Function.identity()));
  private static final Map<String, EventType> BY_STORED =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::storedName, Function.identity()));
  private static final Map<String, EventType> BY_WIRE = Arrays.stream(values())
      .filter(t -> t.wireName != null)
      .collect(Collectors.toMap(t -> t.wireName, Function.identity()));

  private final Class<? extends KindredEvent> recordClass;
  private final String wireName;
  private final boolean requiresItem;

  EventType(Class<? extends KindredEvent> recordClass, String wireName, boolean requiresItem) {
    this.recordClass = recordClass;
    this.wireName = wireName;
    this.requiresItem = requiresItem;
  }

  public Class<? extends KindredEvent> recordClass() {
    return recordClass;
  }

  /** The name stored in {@code events.type}: the record's simple name, e.g. {@code ItemViewed}. */
  public String storedName() {
    return recordClass.getSimpleName();
  }

  /** The name tenants send in {@code POST /v1/events}, or null when the API has its own endpoint. */
  public String wireName() {
    return wireName;
  }

  public boolean requiresItem() {
    return requiresItem;
  }

  /**
   * Whether this is an engagement with an item — viewed, clicked, added to cart, bought: what
   * co-visitation pairs, trending heats and the serving read model records as consumed.
   */
  public boolean engagement() {
    return this == ITEM_VIEWED || this == ITEM_CLICKED || this == ADDED_TO_CART || this == ITEM_PURCHASED;
  }

  /** The stored names of the {@linkplain #engagement() engagements}. */
  public static java.util.List<String> engagementNames() {
    return Arrays.stream(values()).filter(EventType::engagement).map(EventType::storedName).toList();
  }

  public static EventType of(Class<?> recordClass) {
    EventType t = BY_CLASS.get(recordClass);
    if (t == null) {
      throw new IllegalArgumentException("not a registered event record: " + recordClass.getName());
    }
    return t;
  }

  /** The stored type, or null when the name is not registered. */
  public static EventType fromStoredName(String name) {
    return BY_STORED.get(name);
  }

  /** The behaviour type for a wire name, or null when unknown. */
  public static EventType fromWireName(String name) {
    return name == null ? null : BY_WIRE.get(name);
  }

  /** The wire names accepted by {@code POST /v1/events}, for error messages. */
  public static String wireNames() {
    return String.join(", ", BY_WIRE.keySet().stream().sorted().toList());
  }
}
