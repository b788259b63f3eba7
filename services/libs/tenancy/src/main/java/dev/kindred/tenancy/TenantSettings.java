package dev.kindred.tenancy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's tunable behaviour. Stored whole as JSON; changed by RFC 7396 merge patches and
 * validated as a whole, so a stored document is always complete and valid. {@code consumedEvents}:
 * which engagements mean "has it, do not recommend it again" (a shop may want viewed items shown
 * again, never bought ones); {@code suppressedCategories}: categories never recommended (sensitive
 * ones), whatever the user did.
 */
public record TenantSettings(
    Map<String, Double> eventWeights,
    double interestHalfLifeDays,
    int maxInterests,
    double explorationBudget,
    double diversityLambda,
    int retentionDays,
    List<TaxonomyEntry> taxonomy,
    Quotas quotas,
    List<String> consumedEvents,
    List<String> suppressedCategories) {

  /** A category of the tenant's interest taxonomy; the description is embedded for labelling. */
  public record TaxonomyEntry(String name, String description) {}

  /** Per-API-key request budget (token bucket refilled at this rate, burst of twice it). */
  public record Quotas(int requestsPerSecond) {}

  static final Set<String> WEIGHTED_EVENTS =
      Set.of("view", "click", "add_to_cart", "purchase", "rating", "search", "review", "feedback");
  /** Engagements that can mark an item as consumed (not recommended again to that user). */
  public static final List<String> CONSUMING_EVENTS = List.of("view", "click", "add_to_cart", "purchase");

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  public static TenantSettings defaults() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("view", 1.0);
    w.put("click", 2.0);
    w.put("add_to_cart", 4.0);
    w.put("purchase", 8.0);
    w.put("rating", 3.0);
    w.put("search", 1.5);
    w.put("review", 4.0);
    w.put("feedback", 5.0);
    return new TenantSettings(w, 30.0, 8, 0.10, 0.30, 365, List.of(), new Quotas(200), CONSUMING_EVENTS, List.of());
  }

  public Map<String, Object> toMap() {
    return MAPPER.convertValue(this, new TypeReference<Map<String, Object>>() {});
  }

  /** Reads a stored or patched document; unknown keys or wrong types are reported, not ignored. */
  public static TenantSettings fromMap(Map<String, Object> map) {
    return MAPPER.convertValue(map, TenantSettings.class);
  }

  /** Every rule a settings document must satisfy; empty when valid. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (eventWeights == null) {
      errors.add(FieldError.of("eventWeights", "is required"));
    } else {
      eventWeights.forEach((k, v) -> {
        if (!WEIGHTED_EVENTS.contains(k)) {
          errors.add(FieldError.of("eventWeights." + k, "unknown event type; known: " + WEIGHTED_EVENTS));
        } else if (v == null || v < 0 || v > 100) {
          errors.add(FieldError.of("eventWeights." + k, "must be between 0 and 100"));
        }
      });
    }
    range(errors, "interestHalfLifeDays", interestHalfLifeDays, 0.01, 3650);
    range(errors, "maxInterests", maxInterests, 1, 32);
    range(errors, "explorationBudget", explorationBudget, 0, 0.5);
    range(errors, "diversityLambda", diversityLambda, 0, 1);
    range(errors, "retentionDays", retentionDays, 1, 3650);
    if (taxonomy == null) {
      errors.add(FieldError.of("taxonomy", "is required (may be empty)"));
    } else if (taxonomy.size() > 500) {
      errors.add(FieldError.of("taxonomy", "at most 500 categories"));
    } else {
      for (int i = 0; i < taxonomy.size(); i++) {
        TaxonomyEntry t = taxonomy.get(i);
        if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > 100) {
          errors.add(FieldError.of("taxonomy[" + i + "].name", "is required, at most 100 characters"));
        }
        if (t != null && t.description() != null && t.description().length() > 1000) {
          errors.add(FieldError.of("taxonomy[" + i + "].description", "at most 1000 characters"));
        }
      }
    }
    if (consumedEvents == null) {
      errors.add(FieldError.of("consumedEvents", "is required (may be empty)"));
    } else {
      for (int i = 0; i < consumedEvents.size(); i++) {
        if (!CONSUMING_EVENTS.contains(consumedEvents.get(i))) {
          errors.add(FieldError.of("consumedEvents[" + i + "]", "must be one of " + CONSUMING_EVENTS));
        }
      }
    }
    if (suppressedCategories == null) {
      errors.add(FieldError.of("suppressedCategories", "is required (may be empty)"));
    } else if (suppressedCategories.size() > 100) {
      errors.add(FieldError.of("suppressedCategories", "at most 100 categories"));
    } else {
      for (int i = 0; i < suppressedCategories.size(); i++) {
        String c = suppressedCategories.get(i);
        if (c == null || c.isBlank() || c.length() > 200) {
          errors.add(FieldError.of("suppressedCategories[" + i + "]", "must be 1-200 characters"));
        }
      }
    }
    if (quotas == null) {
      errors.add(FieldError.of("quotas", "is required"));
    } else {
      range(errors, "quotas.requestsPerSecond", quotas.requestsPerSecond(), 1, 100_000);
    }
    return errors;
  }

  private static void range(List<FieldError> errors, String field, double v, double lo, double hi) {
    if (Double.isNaN(v) || v < lo || v > hi) {
      errors.add(FieldError.of(field, "must be between " + fmt(lo) + " and " + fmt(hi)));
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
