package dev.kindred.sdk;

import java.util.List;

/**
 * Told what became of tracked events that were not stored; called on the SDK's sender thread, so
 * keep it quick. Stored events and duplicates (already stored) are only counted in
 * {@link KindredClient#stats()}.
 */
public interface DeliveryListener {

  DeliveryListener NONE = new DeliveryListener() {
  };

  /** The server refused this event (4xx for it): it will never be stored as sent. */
  default void rejected(Event event, List<KindredException.FieldError> errors) {
  }

  /** The batch could not be delivered after every attempt (network, 5xx, 429), or the client closed first. */
  default void failed(List<Event> events, Exception cause) {
  }

  /** The queue was full: this event was not accepted by {@code track} (the overflow policy drops the newest). */
  default void dropped(Event event) {
  }
}
