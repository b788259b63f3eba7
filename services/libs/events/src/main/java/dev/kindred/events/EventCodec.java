package dev.kindred.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Encodes event records to the JSON stored in {@code events.payload} and back. */
public final class EventCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // Old payloads must stay readable after a record gains a field.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EventCodec() {}

  public static String encode(KindredEvent event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + event.type(), e);
    }
  }

  public static KindredEvent decode(String storedType, String json) {
    EventType type = EventType.fromStoredName(storedType);
    if (type == null) {
      throw new IllegalArgumentException("unknown stored event type: " + storedType);
    }
    try {
      return MAPPER.readValue(json, type.recordClass());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("corrupt payload for " + storedType, e);
    }
  }
}
