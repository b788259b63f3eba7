package dev.kindred.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Parses request bodies with bounded nesting, number and string sizes, so hostile JSON fails as a
 * 400 problem, never as a stack overflow or a 5xx.
 */
public final class JsonBodies {
  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(32).maxNumberLength(64).maxStringLength(1_000_000).build())
      .build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonBodies() {}

  public static JsonNode parse(String body, long maxBytes) {
    if (body == null || body.isBlank()) {
      throw ProblemException.badRequest("a JSON body is required", null);
    }
    if (body.length() > maxBytes) {
      throw ProblemException.tooLarge("the body is larger than " + maxBytes + " bytes");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ProblemException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage(), List.of());
    }
  }
}
