package dev.kindred.interest;

/**
 * How much one behaviour counts, by the tenant's event weights: views scale with dwell time,
 * ratings are signed around the middle of the scale, dislike / not_interested / hide_topic are
 * negative, likes positive.
 */
public final class SignalWeights {

  /** A view of this long counts as one view; dwell scales it between a quarter and three times. */
  static final double REFERENCE_DWELL_MS = 30_000;

  private SignalWeights() {
  }

  public static double view(InterestSettings s, Long dwellMs) {
    double w = s.weightOf("view");
    if (dwellMs == null || dwellMs <= 0) {
      return w;
    }
    return w * Math.max(0.25, Math.min(3.0, dwellMs / REFERENCE_DWELL_MS));
  }

  /** {@code ratingMax} is the tenant's top score (5 for stars); the middle of 1..max is neutral. */
  public static double rating(InterestSettings s, double rating, double ratingMax) {
    double mid = (ratingMax + 1) / 2;
    double signed = Math.max(-1, Math.min(1, (rating - mid) / (ratingMax - mid)));
    return s.weightOf("rating") * signed;
  }

  public static double feedback(InterestSettings s, String kind) {
    double w = s.weightOf("feedback");
    return switch (kind) {
      case "like" -> w;
      case "dislike", "not_interested", "hide_topic" -> -w;
      default -> 0;
    };
  }

  /** click, add_to_cart, purchase, search, review: the tenant's weight for the type. */
  public static double of(InterestSettings s, String wireType) {
    return s.weightOf(wireType);
  }
}
