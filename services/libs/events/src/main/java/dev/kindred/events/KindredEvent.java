package dev.kindred.events;

/**
 * A fact that happened, as stored in the event store's payload column. The envelope (tenant,
 * stream key, event id, times) lives beside it; the record holds only what the fact says.
 */
public sealed interface KindredEvent
    permits ItemViewed, ItemClicked, AddedToCart, ItemPurchased, ItemRated, SearchPerformed,
        ReviewWritten, FeedbackGiven, InterestsStated, InterestCorrected, ImpressionLogged, ItemUpserted, ItemRemoved,
        ConsentChanged, TenantCreated, TenantSettingsChanged, ApiKeyIssued, ApiKeyRevoked,
        ErasureRequested, ErasureCompleted {

  /** The registry entry of this record's class. */
  default EventType type() {
    return EventType.of(getClass());
  }
}
