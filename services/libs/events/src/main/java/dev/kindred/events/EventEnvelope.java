package dev.kindred.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An event with everything the store keeps beside its payload. {@code seq} and
 * {@code recordedAt} are assigned by the store (0 and null before the append).
 */
public record EventEnvelope(long seq, UUID tenantId, String streamKey, UUID eventId,
    KindredEvent event, String itemId, Instant occurredAt, Instant recordedAt) {

  /** The stream key for events about the tenant itself rather than one of its end-users. */
  public static final String TENANT_STREAM = "_tenant";

  public static EventEnvelope toAppend(UUID tenantId, String streamKey, UUID eventId,
      KindredEvent event, String itemId, Instant occurredAt) {
    return new EventEnvelope(0, tenantId, streamKey, eventId, event, itemId, occurredAt, null);
  }
}
