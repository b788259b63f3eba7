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
  /** Privacy requests and their completion (no personal data; users named by pseudonym only). */
  public static final String PRIVACY_STREAM = "_privacy";
  /** The streams of the tenant itself; every other stream key is an end-user's. */
  public static final java.util.Set<String> SYSTEM_STREAMS = java.util.Set.of(TENANT_STREAM, "_catalogue", "_anonymous",
      PRIVACY_STREAM);

  /** Whether the stream is an end-user's (stored under a pseudonym, payloads sealed). */
  public static boolean userStream(String streamKey) {
    return streamKey != null && !SYSTEM_STREAMS.contains(streamKey);
  }

  public static EventEnvelope toAppend(UUID tenantId, String streamKey, UUID eventId,
      KindredEvent event, String itemId, Instant occurredAt) {
    return new EventEnvelope(0, tenantId, streamKey, eventId, event, itemId, occurredAt, null);
  }
}
