package dev.kindred.interest;

import java.util.List;

/**
 * Words for an interest. {@code source} is {@code taxonomy} (the nearest tenant category, zero-shot)
 * or {@code terms} (distinctive words of the titles behind it); {@code confidence} is the cosine
 * to the chosen category, or the share of supporting titles that contain the words. {@code detail}
 * adds the distinctive title words under a category, so that two interests in one category read
 * differently ("Pet supplies: dog bed" next to "Pet supplies: cat tree").
 */
public record InterestLabel(List<String> words, String source, double confidence, List<String> detail) {

  public InterestLabel(List<String> words, String source, double confidence) {
    this(words, source, confidence, List.of());
  }

  public static final String TAXONOMY = "taxonomy";
  public static final String TERMS = "terms";

  public String text() {
    return String.join(", ", words);
  }
}
