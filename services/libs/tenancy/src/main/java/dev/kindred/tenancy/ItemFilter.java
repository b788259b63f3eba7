package dev.kindred.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request filter on items: {@code ;}-separated clauses {@code key:value|value}, each optionally
 * negated with {@code !}. The key {@code category} matches any of the item's categories; any other
 * key is an item attribute compared as text ({@code brand:Acme|Zeta}, {@code !color:red}). All
 * clauses must hold. Compiled to SQL with positional parameters, never by pasting values. The same
 * grammar serves request filters and the tenant's rules ({@link MerchandisingRule}), so a rule is
 * checked when it is saved, not when a request first meets it.
 */
public record ItemFilter(List<Clause> clauses) {

  /** {@code key} in {@code values}, or not in them when {@code negated}. */
  public record Clause(String key, List<String> values, boolean negated) {
  }

  public static final ItemFilter NONE = new ItemFilter(List.of());
  static final int MAX_CLAUSES = 10;
  static final int MAX_VALUES = 50;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** This filter and none of the tenant's suppressed categories. */
  public ItemFilter suppressing(List<String> categories) {
    if (categories == null || categories.isEmpty()) {
      return this;
    }
    List<Clause> all = new ArrayList<>(clauses);
    all.add(new Clause("category", List.copyOf(categories), true));
    return new ItemFilter(List.copyOf(all));
  }

  /** Both this filter's clauses and {@code other}'s. */
  public ItemFilter and(ItemFilter other) {
    if (other.isEmpty()) {
      return this;
    }
    List<Clause> all = new ArrayList<>(clauses);
    all.addAll(other.clauses);
    return new ItemFilter(List.copyOf(all));
  }

  public boolean isEmpty() {
    return clauses.isEmpty();
  }

  /** Parses {@code text}; a malformed clause is an {@link IllegalArgumentException} saying which and why. */
  public static ItemFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Clause> out = new ArrayList<>();
    for (String raw : text.split(";")) {
      String c = raw.strip();
      if (c.isEmpty()) {
        continue;
      }
      boolean negated = c.startsWith("!");
      if (negated) {
        c = c.substring(1);
      }
      int colon = c.indexOf(':');
      if (colon <= 0 || colon == c.length() - 1) {
        throw new IllegalArgumentException("clause '" + raw.strip() + "' must look like key:value or !key:value");
      }
      String key = c.substring(0, colon);
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("key '" + key + "' must be 1-64 letters, digits, '_', '.' or '-'");
      }
      List<String> values = List.of(c.substring(colon + 1).split("\\|"));
      if (values.size() > MAX_VALUES || values.stream().anyMatch(v -> v.isBlank() || v.length() > 200)) {
        throw new IllegalArgumentException("clause '" + raw.strip() + "' needs 1-" + MAX_VALUES
            + " non-blank values of at most 200 characters");
      }
      out.add(new Clause(key, values, negated));
    }
    if (out.size() > MAX_CLAUSES) {
      throw new IllegalArgumentException("at most " + MAX_CLAUSES + " clauses");
    }
    return new ItemFilter(List.copyOf(out));
  }

  /**
   * The SQL condition on an {@code items} row aliased {@code alias}, its parameters numbered from
   * {@code firstParam}; {@code params} receives their values in order. "TRUE" when empty.
   */
  public String sql(String alias, int firstParam, List<Object> params) {
    if (clauses.isEmpty()) {
      return "TRUE";
    }
    List<String> parts = new ArrayList<>();
    int n = firstParam;
    for (Clause c : clauses) {
      String test;
      if (c.key().equals("category")) {
        test = alias + ".categories && $" + n++ + "::text[]";
      } else {
        test = "(" + alias + ".attributes ->> $" + n++ + ") = ANY ($" + n++ + "::text[])";
        params.add(c.key());
      }
      params.add(c.values().toArray(String[]::new));
      parts.add(c.negated() ? "NOT coalesce(" + test + ", false)" : "coalesce(" + test + ", false)");
    }
    return String.join(" AND ", parts);
  }
}
