package dev.kindred.recsys;

import dev.kindred.interest.SupportingEvent;
import java.util.List;

/**
 * Why an item was recommended, built only from facts: the source, the interest's words, the
 * user's own events that support it (nearest to the item first), one sentence made of them, and
 * the score's terms (its breakdown; empty where no score decided, as for trending and exploration).
 */
public record Explanation(String source, List<String> words, List<SupportingEvent> because, String sentence,
    java.util.Map<String, Double> contributions) {

  public Explanation(String source, List<String> words, List<SupportingEvent> because, String sentence) {
    this(source, words, because, sentence, java.util.Map.of());
  }

  /** The same explanation with the score's terms (rounded to 4 decimals), as the score breakdown. */
  public Explanation withContributions(java.util.Map<String, Double> terms) {
    java.util.Map<String, Double> rounded = new java.util.LinkedHashMap<>();
    terms.forEach((k, v) -> rounded.put(k, Math.round(v * 10000) / 10000.0));
    return new Explanation(source, words, because, sentence, rounded);
  }
}
