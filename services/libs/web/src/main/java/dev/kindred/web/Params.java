package dev.kindred.web;

/**
 * The checks every endpoint applies to ids and query parameters, each naming the wrong field: ids
 * as ingest accepts them (1-256 characters, not blank, no control characters — a NUL would reach
 * PostgreSQL), numbers and booleans taken as text and converted here (JAX-RS answers a failed
 * conversion of a query parameter with 404; a client deserves a 400 saying which parameter).
 */
public final class Params {

  public static final int MAX_ID = 256;

  private Params() {
  }

  /** A user or item id: 1-256 characters, not blank, no control characters. */
  public static String id(String field, String value) {
    if (value == null || value.isBlank() || value.length() > MAX_ID) {
      throw ProblemException.field(field, "must be 1-" + MAX_ID + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ProblemException.field(field, "contains control characters");
      }
      if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1)))) {
        if (!(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)))) {
          throw ProblemException.field(field, "is not valid Unicode text");
        }
      }
    }
    return value;
  }

  /** An optional integer parameter within {@code [min, max]}; absent or empty: {@code fallback}. */
  public static int integer(String field, String raw, int fallback, int min, int max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int v;
    try {
      v = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.field(field, "must be a whole number between " + min + " and " + max);
    }
    if (v < min || v > max) {
      throw ProblemException.field(field, "must be between " + min + " and " + max);
    }
    return v;
  }

  /** An optional boolean parameter: {@code true} or {@code false}; absent: {@code fallback}. */
  public static boolean bool(String field, String raw, boolean fallback) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ProblemException.field(field, "must be true or false");
    };
  }
}
