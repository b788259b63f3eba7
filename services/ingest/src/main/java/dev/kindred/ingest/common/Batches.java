package dev.kindred.ingest.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.web.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts one object, an array of them, or {@code {"<wrapper>": [...]}}, up to a maximum size. The
 * wrapper object may also carry {@code "userToken"}: a page's beacon cannot send headers, so its end-user
 * token travels in the body (never in the URL).
 */
public final class Batches {
  public static final String USER_TOKEN = "userToken";

  private Batches() {}

  /** The end-user token a wrapped batch carries, or null. */
  public static String userToken(JsonNode root) {
    JsonNode t = root.isObject() ? root.get(USER_TOKEN) : null;
    return t != null && t.isTextual() ? t.asText() : null;
  }

  public static List<JsonNode> entries(JsonNode root, String wrapper, int max) {
    JsonNode list = root;
    if (root.isObject() && root.has(wrapper)) {
      if (root.size() != (root.has(USER_TOKEN) ? 2 : 1)) {
        throw ProblemException.field(wrapper, "a batch object holds only the '" + wrapper + "' array (and a "
            + USER_TOKEN + ")");
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
