package dev.kindred.recommend.serving;

import dev.kindred.tenancy.ItemFilter;
import dev.kindred.web.ProblemException;

/** The request checks every serving endpoint shares; each names the wrong field. */
public final class Requests {

  public static final int MAX_COUNT = 100;

  private Requests() {
  }

  public static void count(int count) {
    if (count < 1 || count > MAX_COUNT) {
      throw ProblemException.field("count", "must be between 1 and " + MAX_COUNT);
    }
  }

  /** {@code count} as sent (text): 1-100, default 10. */
  public static int count(String raw) {
    return dev.kindred.web.Params.integer("count", raw, 10, 1, MAX_COUNT);
  }

  public static void userId(String userId) {
    dev.kindred.web.Params.id("userId", userId);
  }

  /**
   * The request's context, {@code key:value} pairs separated by commas ({@code daypart:evening,device:mobile}):
   * keys are lower-case words, values 1-100 characters; at most 5 pairs.
   */
  public static java.util.Map<String, String> context(String text) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int colon = pair.indexOf(':');
      String key = colon < 0 ? "" : pair.substring(0, colon).strip();
      String value = colon < 0 ? "" : pair.substring(colon + 1).strip();
      if (!key.matches("[a-z_]{1,40}") || value.isEmpty() || value.length() > 100) {
        throw ProblemException.field("context", "'" + pair.strip() + "' must look like key:value (e.g. daypart:evening)");
      }
      out.put(key, value);
    }
    if (out.size() > 5) {
      throw ProblemException.field("context", "at most 5 key:value pairs");
    }
    return out;
  }

  /** The request's {@code filter=} (see {@link ItemFilter}); a malformed clause names the field. */
  public static ItemFilter filter(String text) {
    try {
      return ItemFilter.parse(text);
    } catch (IllegalArgumentException e) {
      throw ProblemException.field("filter", e.getMessage());
    }
  }

  public static void itemId(String field, String itemId) {
    dev.kindred.web.Params.id(field, itemId);
  }
}
