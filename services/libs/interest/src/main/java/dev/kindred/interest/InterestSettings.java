package dev.kindred.interest;

import java.util.Map;

/**
 * The knobs of the update rule. {@code eventWeights} by wire type (tenant setting), interest
 * half-life in days (tenant setting), at most {@code maxInterests} clusters (tenant setting); a
 * signal joins the nearest cluster when their cosine reaches {@code assignThreshold}, two clusters
 * merge when a new one would exceed K and they are at least {@code mergeThreshold} alike.
 */
public record InterestSettings(Map<String, Double> eventWeights, double halfLifeDays, int maxInterests,
    double assignThreshold, double mergeThreshold, double sessionHalfLifeMinutes, int supportCap,
    int negativeCap, double statedWeight) {

  public static InterestSettings defaults() {
    return of(Map.of("view", 1.0, "click", 2.0, "add_to_cart", 4.0, "purchase", 8.0, "rating", 3.0,
        "search", 1.5, "review", 4.0, "feedback", 5.0), 30, 8);
  }

  public static InterestSettings of(Map<String, Double> eventWeights, double halfLifeDays, int maxInterests) {
    return new InterestSettings(eventWeights, halfLifeDays, maxInterests, 0.40, 0.80, 30, 8, 20, 6.0);
  }

  public double weightOf(String wireType) {
    return eventWeights.getOrDefault(wireType, 1.0);
  }
}
