package dev.kindred.eventstore.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The stored form of a user-stream event's payload: {@code {"sealed": "<base64 of AES-GCM>"}},
 * the event id as associated data (a sealed payload cannot be moved to another event). Streams
 * of the tenant itself ({@code EventEnvelope.SYSTEM_STREAMS}) hold no personal data and stay
 * plain JSON.
 */
public final class SealedPayload {

  private static final String PREFIX = "{\"sealed\"";

  private SealedPayload() {
  }

  public static String seal(SecretKey dataKey, UUID eventId, String json) {
    byte[] sealed = Sealing.seal(dataKey, json.getBytes(StandardCharsets.UTF_8), aad(eventId));
    return PREFIX + ":\"" + Base64.getEncoder().encodeToString(sealed) + "\"}";
  }

  public static boolean isSealed(String stored) {
    return stored != null && stored.startsWith(PREFIX);
  }

  /** The payload's JSON; throws IllegalArgumentException when the key does not open it. */
  public static String open(SecretKey dataKey, UUID eventId, String stored) {
    int start = stored.indexOf('"', PREFIX.length() + 1) + 1;
    int end = stored.indexOf('"', start);
    byte[] sealed = Base64.getDecoder().decode(stored.substring(start, end));
    return new String(Sealing.open(dataKey, sealed, aad(eventId)), StandardCharsets.UTF_8);
  }

  private static byte[] aad(UUID eventId) {
    return Sealing.utf8("event:" + eventId);
  }
}
