package dev.kindred.ingest.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.web.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** Accepts one object, an array of them, or {@code {"<wrapper>": [...]}}, up to a maximum size. */
public final class Batches {
  private Batches() {}

  public static List<JsonNode> entries(JsonNode root, String wrapper, int max) {
    JsonNode list = root;
    if (root.isObject() && root.has(wrapper)) {
      if (root.size() != 1) {
        throw ProblemException.field(wrapper, "a batch object holds only the '" + wrapper + "' array");
      }
      list = root.get(wrapper);
      if (!list.isArray()) {
        throw ProblemException.field(wrapper, "must be an array");
      }
    }
    List<JsonNode> out = new ArrayList<>();
    if (list.isArray()) {
      if (list.isEmpty()) {
        throw ProblemException.field(wrapper, "the batch is empty");
      }
      if (list.size() > max) {
        throw new ProblemException(413, "Payload too large", "a batch holds at most " + max + " entries, this one "
            + list.size() + "; split it or use the NDJSON import", null, null);
      }
      list.forEach(out::add);
    } else if (list.isObject()) {
      out.add(list);
    } else {
      throw ProblemException.badRequest("the body must be a JSON object or an array of objects", null);
    }
    return out;
  }
}
