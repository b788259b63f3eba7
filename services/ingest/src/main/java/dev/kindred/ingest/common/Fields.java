package dev.kindred.ingest.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.tenancy.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads typed fields from one JSON object of a batch and collects every problem with its field
 * name and batch index, so a client sees all its mistakes in one answer.
 */
public final class Fields {
  private final JsonNode node;
  private final Integer index;
  private final List<FieldError> errors = new ArrayList<>();

  public Fields(JsonNode node, Integer index) {
    this.node = node;
    this.index = index;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  public void error(String field, String detail) {
    errors.add(new FieldError(field, detail, index));
  }

  /** Reports fields that are not in the allowed set (typos must not be silently dropped). */
  public void onlyAllowed(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        error(n, "unknown field");
      }
    }
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** A text field: required or not, trimmed, bounded, without control characters. */
  public String text(String field, boolean required, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    String s = v.asText().strip();
    if (s.isEmpty()) {
      if (required) {
        error(field, "must not be empty");
      }
      return null;
    }
    if (s.length() > maxLength) {
      error(field, "is longer than " + maxLength + " characters");
      return null;
    }
    if (s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
      error(field, "contains control characters");
      return null;
    }
    return s;
  }

  /** An identifier: like text, but without line breaks. */
  public String id(String field, boolean required, int maxLength) {
    String s = text(field, required, maxLength);
    if (s != null && s.chars().anyMatch(c -> c < 0x20)) {
      error(field, "contains control characters");
      return null;
    }
    return s;
  }

  public Double number(String field, boolean required, double min, double max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      error(field, "must be a number");
      return null;
    }
    double d = v.asDouble();
    if (d < min || d > max) {
      error(field, "must be between " + trim(min) + " and " + trim(max));
      return null;
    }
    return d;
  }

  public Long integer(String field, long min, long max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      error(field, "must be an integer");
      return null;
    }
    long l = v.asLong();
    if (l < min || l > max) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return l;
  }

  public Boolean bool(String field, Boolean dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      error(field, "must be true or false");
      return dflt;
    }
    return v.asBoolean();
  }

  public UUID uuid(String field) {
    String s = id(field, false, 36);
    if (s == null) {
      return null;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      error(field, "must be a UUID");
      return null;
    }
  }

  public Instant instant(String field) {
    String s = id(field, false, 40);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        error(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        return null;
      }
    }
  }

  public List<String> strings(String field, int maxItems, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      error(field, "must be an array of strings");
      return List.of();
    }
    if (v.size() > maxItems) {
      error(field, "has more than " + maxItems + " entries");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.asText().isBlank() || e.asText().length() > maxLength) {
        error(field + "[" + i + "]", "must be a non-empty string of at most " + maxLength + " characters");
      } else {
        out.add(e.asText().strip());
      }
    }
    return out;
  }

  /** A flat object of short string values (request context: device, locale, …). */
  public Map<String, String> stringMap(String field, int maxEntries, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject() || v.size() > maxEntries) {
      error(field, "must be an object of at most " + maxEntries + " string values");
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual() || e.getValue().asText().length() > maxLength || e.getKey().length() > 64) {
        error(field + "." + e.getKey(), "must be a string of at most " + maxLength + " characters");
      } else {
        out.put(e.getKey(), e.getValue().asText());
      }
    });
    return out;
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
