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
 * ones), whatever the user did; {@code rankingWeights}: the weighted score's terms until a learned
 * ranker serves the tenant; {@code rules}: business rules ({@link MerchandisingRule}: filter, boost, pin);
 * {@code dashboardEpsilon}: the differential-privacy budget ε of each dashboard count (Laplace noise of
 * scale sensitivity/ε); {@code dashboardMinUsers}: counts of fewer users than this are not shown at all;
 * {@code eventsWithoutConsent}: "drop" stores no behaviour of a user whose latest consent withdrew both
 * personalization and analytics (ingest answers such entries "dropped"), "keep" stores it unused.
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
    List<String> suppressedCategories,
    RankingWeights rankingWeights,
    List<MerchandisingRule> rules,
    double dashboardEpsilon,
    int dashboardMinUsers,
    String eventsWithoutConsent,
    ClientAccess clientAccess) {

  /** {@code eventsWithoutConsent}: behaviour of users who withdrew both consents is stored ("keep") or not ("drop"). */
  public static final Set<String> CONSENTLESS_EVENTS = Set.of("keep", "drop");

  /** A category of the tenant's interest taxonomy; the description is embedded for labelling. */
  public record TaxonomyEntry(String name, String description) {}

  /** The weight of each term of the documented score ({@code recsys.FeedRanker}); each 0-10. */
  public record RankingWeights(double interest, double session, double coVisit, double popularity, double sequence) {

    public static RankingWeights defaults() {
      return new RankingWeights(1.0, 0.5, 1.0, 0.1, 1.0);
    }
  }

  static final int MAX_RULES = 50;

  /** Per-API-key request budget (token bucket refilled at this rate, burst of twice it). */
  public record Quotas(int requestsPerSecond) {}

  /**
   * What a publishable key (held by a web page or app) may do beyond its scope: the page origins it
   * answers ({@code https://shop.example.com}; empty: any origin — requests without an
   * {@code Origin} header, from apps, are not bound) and the requests per second one client
   * address may make with it (burst of twice that), besides the key's own quota.
   */
  public record ClientAccess(List<String> allowedOrigins, int requestsPerSecondPerClient) {

    public static ClientAccess defaults() {
      return new ClientAccess(List.of(), 20);
    }
  }

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
    return new TenantSettings(w, 30.0, 8, 0.10, 0.30, 365, List.of(), new Quotas(200), CONSUMING_EVENTS, List.of(),
        RankingWeights.defaults(), List.of(), 1.0, 5, "keep", ClientAccess.defaults());
  }

  public Map<String, Object> toMap() {
    return MAPPER.convertValue(this, new TypeReference<Map<String, Object>>() {});
  }

  /** Reads a stored or patched document; unknown keys or wrong types are reported, not ignored. */
  public static TenantSettings fromMap(Map<String, Object> map) {
    return MAPPER.convertValue(upgraded(map), TenantSettings.class);
  }

  /**
   * Documents written before a key existed get its default (V19 added {@code rankingWeights.sequence};
   * the migration fills stored documents, this covers documents restored or written around it).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> upgraded(Map<String, Object> map) {
    if (map == null) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>(map);
    if (map.get("rankingWeights") instanceof Map<?, ?> w && !w.containsKey("sequence")) {
      Map<String, Object> weights = new LinkedHashMap<>((Map<String, Object>) w);
      weights.put("sequence", RankingWeights.defaults().sequence());
      copy.put("rankingWeights", weights);
    }
    // V22 added clientAccess.
    if (!map.containsKey("clientAccess")) {
      copy.put("clientAccess", MAPPER.convertValue(ClientAccess.defaults(), new TypeReference<Map<String, Object>>() {}));
    }
    return copy;
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
    range(errors, "dashboardEpsilon", dashboardEpsilon, 0.01, 10);
    range(errors, "dashboardMinUsers", dashboardMinUsers, 1, 1000);
    if (eventsWithoutConsent == null || !CONSENTLESS_EVENTS.contains(eventsWithoutConsent)) {
      errors.add(FieldError.of("eventsWithoutConsent", "must be one of " + CONSENTLESS_EVENTS));
    }
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
    if (rankingWeights == null) {
      errors.add(FieldError.of("rankingWeights", "is required"));
    } else {
      range(errors, "rankingWeights.interest", rankingWeights.interest(), 0, 10);
      range(errors, "rankingWeights.session", rankingWeights.session(), 0, 10);
      range(errors, "rankingWeights.coVisit", rankingWeights.coVisit(), 0, 10);
      range(errors, "rankingWeights.popularity", rankingWeights.popularity(), 0, 10);
      range(errors, "rankingWeights.sequence", rankingWeights.sequence(), 0, 10);
    }
    validateRules(errors);
    if (quotas == null) {
      errors.add(FieldError.of("quotas", "is required"));
    } else {
      range(errors, "quotas.requestsPerSecond", quotas.requestsPerSecond(), 1, 100_000);
    }
    validateClientAccess(errors);
    return errors;
  }

  private void validateClientAccess(List<FieldError> errors) {
    if (clientAccess == null) {
      errors.add(FieldError.of("clientAccess", "is required"));
      return;
    }
    range(errors, "clientAccess.requestsPerSecondPerClient", clientAccess.requestsPerSecondPerClient(), 1, 10_000);
    List<String> origins = clientAccess.allowedOrigins();
    if (origins == null) {
      errors.add(FieldError.of("clientAccess.allowedOrigins", "is required (may be empty: any origin)"));
    } else if (origins.size() > 50) {
      errors.add(FieldError.of("clientAccess.allowedOrigins", "at most 50 origins"));
    } else {
      for (int i = 0; i < origins.size(); i++) {
        if (!Origins.isOrigin(origins.get(i))) {
          errors.add(FieldError.of("clientAccess.allowedOrigins[" + i + "]",
              "must be an origin like https://shop.example.com (scheme, host, optional port; no path)"));
        }
      }
    }
  }

  private void validateRules(List<FieldError> errors) {
    if (rules == null) {
      errors.add(FieldError.of("rules", "is required (may be empty)"));
      return;
    }
    if (rules.size() > MAX_RULES) {
      errors.add(FieldError.of("rules", "at most " + MAX_RULES + " rules"));
      return;
    }
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      MerchandisingRule r = rules.get(i);
      if (r == null) {
        errors.add(FieldError.of("rules[" + i + "]", "must be an object"));
        continue;
      }
      errors.addAll(r.validate("rules[" + i + "]"));
      if (r.id() != null && !ids.add(r.id())) {
        errors.add(FieldError.of("rules[" + i + "].id", "'" + r.id() + "' is used by an earlier rule"));
      }
    }
  }

  /** The tenant's filter rules, all of which every recommended item must pass (valid settings only). */
  public ItemFilter ruleFilter() {
    ItemFilter all = ItemFilter.NONE;
    for (MerchandisingRule r : rules) {
      if (MerchandisingRule.FILTER.equals(r.kind())) {
        all = all.and(r.itemFilter());
      }
    }
    return all;
  }

  /** What every served item must pass: the request's {@code filter}, the filter rules, no suppressed category. */
  public ItemFilter servingFilter(ItemFilter request) {
    return request.and(ruleFilter()).suppressing(suppressedCategories);
  }

  /** The rules of one kind, in the order the tenant listed them. */
  public List<MerchandisingRule> rules(String kind) {
    return rules.stream().filter(r -> kind.equals(r.kind())).toList();
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
