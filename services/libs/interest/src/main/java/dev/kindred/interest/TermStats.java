package dev.kindred.interest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Document frequencies of words over a tenant's item titles, for TF-IDF: the words that make a
 * handful of titles distinctive against the whole catalogue.
 */
public final class TermStats {

  private static final Set<String> STOP = Set.of("the", "and", "for", "with", "from", "this", "that", "your",
      "you", "are", "our", "new", "set", "pack", "kit");
  private final Map<String, Integer> documentFrequency;
  private final int documents;

  private TermStats(Map<String, Integer> documentFrequency, int documents) {
    this.documentFrequency = documentFrequency;
    this.documents = documents;
  }

  public static TermStats of(Collection<String> titles) {
    Map<String, Integer> df = new HashMap<>();
    for (String t : titles) {
      for (String w : new LinkedHashSet<>(words(t))) {
        df.merge(w, 1, Integer::sum);
      }
    }
    return new TermStats(df, titles.size());
  }

  /** The {@code k} words with the highest TF-IDF over {@code titles}, best first. */
  public List<String> topTerms(List<String> titles, int k) {
    Map<String, Integer> tf = new HashMap<>();
    for (String t : titles) {
      for (String w : new LinkedHashSet<>(words(t))) {
        tf.merge(w, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Double>> scored = new ArrayList<>();
    tf.forEach((w, n) -> {
      double idf = Math.log((documents + 1.0) / (documentFrequency.getOrDefault(w, 0) + 1.0)) + 1;
      // A word must recur in the supporting titles to describe them (single titles say little).
      if (n >= 2 || titles.size() == 1) {
        scored.add(Map.entry(w, n * idf));
      }
    });
    scored.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return scored.stream().limit(k).map(Map.Entry::getKey).toList();
  }

  /** How many supporting titles contain the word. */
  static int countContaining(List<String> titles, String word) {
    return (int) titles.stream().filter(t -> words(t).contains(word)).count();
  }

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")) {
      // Model numbers and sizes ("m58", "500ml") name one product, not an interest.
      if (w.length() >= 3 && !STOP.contains(w) && w.chars().noneMatch(Character::isDigit)) {
        out.add(w);
      }
    }
    return out;
  }
}
