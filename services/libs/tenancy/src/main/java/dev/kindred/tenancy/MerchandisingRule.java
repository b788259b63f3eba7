package dev.kindred.tenancy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One of a tenant's business rules, applied to every recommendation it serves:
 * <ul>
 *   <li>{@code filter}: only items matching {@code filter} (the request filter grammar) are ever
 *       recommended, e.g. {@code !stock:none};</li>
 *   <li>{@code boost}: items matching {@code filter} have their score multiplied by
 *       {@code factor} (0.01–10; below 1 buries them), e.g. a sale category ×1.5;</li>
 *   <li>{@code pin}: item {@code itemId} is shown at {@code position} (1-based) of the home feed
 *       while it is available, passes the filters and the user has not consumed it.</li>
 * </ul>
 * Read from JSON by hand (not by Jackson's record binding) because each kind uses only some
 * fields, and a wrong field is reported by {@link #validate}, not thrown as a mapping error.
 */
public record MerchandisingRule(String id, String kind, String filter, Double factor, String itemId,
    Integer position, List<String> unknownFields) {

  public static final String FILTER = "filter";
  public static final String BOOST = "boost";
  public static final String PIN = "pin";
  static final int MAX_POSITION = 100;
  private static final Set<String> FIELDS = Set.of("id", "kind", "filter", "factor", "itemId", "position");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public static MerchandisingRule boost(String id, String filter, double factor) {
    return new MerchandisingRule(id, BOOST, filter, factor, null, null, List.of());
  }

  public static MerchandisingRule pin(String id, String itemId, int position) {
    return new MerchandisingRule(id, PIN, null, null, itemId, position, List.of());
  }

  public static MerchandisingRule filter(String id, String filter) {
    return new MerchandisingRule(id, FILTER, filter, null, null, null, List.of());
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static MerchandisingRule fromJson(Map<String, Object> m) {
    List<String> unknown = new ArrayList<>();
    m.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(unknown::add);
    Object factor = m.get("factor");
    Object position = m.get("position");
    return new MerchandisingRule(text(m.get("id")), text(m.get("kind")), text(m.get("filter")),
        factor == null ? null : factor instanceof Number n ? n.doubleValue() : Double.NaN,
        text(m.get("itemId")),
        position == null ? null : position instanceof Integer i ? i : -1, List.copyOf(unknown));
  }

  /** A value that is not text is kept, marked with a NUL, so that {@link #validate} reports the field. */
  private static String text(Object o) {
    return o == null ? null : o instanceof String s ? s : "\u0000" + o;
  }

  @JsonValue
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("kind", kind);
    if (filter != null) {
      m.put("filter", filter);
    }
    if (factor != null) {
      m.put("factor", factor);
    }
    if (itemId != null) {
      m.put("itemId", itemId);
    }
    if (position != null) {
      m.put("position", position);
    }
    return m;
  }

  /** The parsed {@code filter} (valid rules only). */
  public ItemFilter itemFilter() {
    return ItemFilter.parse(filter);
  }

  /** What is wrong with this rule, each error naming its field under {@code at} (e.g. {@code rules[2]}). */
  public List<FieldError> validate(String at) {
    List<FieldError> errors = new ArrayList<>();
    unknownFields.forEach(f -> errors.add(FieldError.of(at + "." + f, "unknown field; known: " + FIELDS)));
    if (id == null || !ID.matcher(id).matches()) {
      errors.add(FieldError.of(at + ".id", "is required: 1-64 letters, digits, '_', '.' or '-'"));
    }
    if (!List.of(FILTER, BOOST, PIN).contains(kind)) {
      errors.add(FieldError.of(at + ".kind", "must be one of filter, boost, pin"));
      return errors;
    }
    boolean pin = PIN.equals(kind);
    if (pin) {
      if (itemId == null || itemId.isBlank() || itemId.length() > 256 || itemId.startsWith("\u0000")) {
        errors.add(FieldError.of(at + ".itemId", "is required for a pin: 1-256 characters"));
      }
      if (position == null || position < 1 || position > MAX_POSITION) {
        errors.add(FieldError.of(at + ".position", "is required for a pin: 1-" + MAX_POSITION));
      }
    } else {
      try {
        if (filter == null || filter.isBlank() || ItemFilter.parse(filter).isEmpty()) {
          errors.add(FieldError.of(at + ".filter", "is required for a " + kind + " rule"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(FieldError.of(at + ".filter", e.getMessage()));
      }
    }
    if (BOOST.equals(kind) && (factor == null || factor.isNaN() || factor < 0.01 || factor > 10)) {
      errors.add(FieldError.of(at + ".factor", "is required for a boost: 0.01-10 (below 1 buries)"));
    }
    List<String> unused = pin ? List.of("filter", "factor") : BOOST.equals(kind) ? List.of("itemId", "position")
        : List.of("factor", "itemId", "position");
    for (String f : unused) {
      if (toJson().containsKey(f)) {
        errors.add(FieldError.of(at + "." + f, "not used by a " + kind + " rule"));
      }
    }
    return errors;
  }
}
