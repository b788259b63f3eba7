package dev.kindred.eventstore.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One event as it travels on the Kafka topic: exactly the row the PostgreSQL store would hold —
 * the user's pseudonym as stream key and the sealed payload — so erasure (deleting the user's data
 * key) makes the topic's copy unreadable too, and the archive writes the row as it came.
 * The record key is {@code tenant/pseudonym}: one user's events share a partition, in order.
 */
public record LogRecord(long seq, UUID tenantId, String streamKey, UUID eventId, String type, String itemId,
    String payload, Instant occurredAt, Instant recordedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String key() {
    return key(tenantId, streamKey);
  }

  public static String key(UUID tenant, String streamKey) {
    return tenant + "/" + streamKey;
  }

  public byte[] encode() {
    ObjectNode n = JSON.createObjectNode();
    n.put("seq", seq);
    n.put("tenant", tenantId.toString());
    n.put("stream", streamKey);
    n.put("id", eventId.toString());
    n.put("type", type);
    if (itemId != null) {
      n.put("item", itemId);
    }
    n.put("payload", payload);
    n.put("occurred", occurredAt.toString());
    n.put("recorded", recordedAt.toString());
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The record, or an IllegalArgumentException naming what is wrong (a record no Kindred producer wrote). */
  public static LogRecord decode(byte[] value) {
    try {
      JsonNode n = JSON.readTree(value);
      return new LogRecord(n.required("seq").asLong(), UUID.fromString(n.required("tenant").asText()),
          n.required("stream").asText(), UUID.fromString(n.required("id").asText()), n.required("type").asText(),
          n.hasNonNull("item") ? n.get("item").asText() : null, n.required("payload").asText(),
          Instant.parse(n.required("occurred").asText()), Instant.parse(n.required("recorded").asText()));
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Kindred event record: " + e.getMessage(), e);
    }
  }
}
