package dev.kindred.recommend.feed.service;

import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.Source;
import java.util.List;
import java.util.Map;

/**
 * Which source an item's explanation cites: the sequence model only when its term is the largest
 * part of the item's score (the real reason it ranks there), otherwise the strongest of the other
 * sources that proposed it. Null when the item came from the sequence model alone but another term
 * (usually its likeness to the user's interests) weighs more: the caller then cites that interest.
 */
final class FeedReasons {

  /** The score terms that stand for a source (popularity and boosts stand for none). */
  private static final List<String> SOURCE_TERMS = List.of("interest", "session", "coVisit", "sequence");

  private FeedReasons() {
  }

  /** {@code parts}: the item's score breakdown (null when not computed: the strongest hit is cited). */
  static Source cited(Candidate x, Map<String, Double> parts) {
    boolean proposedBySequence = x.hits().stream().anyMatch(h -> Source.SEQUENCE.equals(h.source().kind()));
    if (!proposedBySequence || parts == null) {
      return x.best().source();
    }
    String dominant = null;
    for (String term : SOURCE_TERMS) {
      double v = parts.getOrDefault(term, 0.0);
      if (v > 0 && (dominant == null || v > parts.get(dominant))) {
        dominant = term;
      }
    }
    if ("sequence".equals(dominant)) {
      return Source.of(Source.SEQUENCE);
    }
    Candidate.Hit other = null;
    for (Candidate.Hit h : x.hits()) {
      if (!Source.SEQUENCE.equals(h.source().kind()) && (other == null || h.similarity() > other.similarity())) {
        other = h;
      }
    }
    return other == null ? null : other.source();
  }
}
