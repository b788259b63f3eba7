package dev.kindred.recsys;

import java.time.Instant;
import java.util.List;

/**
 * An item proposed by one or more sources: its vector (for diversity and explanations), the
 * sources that proposed it with their similarities, the score the ranker gave it, and when it
 * joined the catalogue ({@code addedAt}, null where unknown) for the recency feature.
 */
public record Candidate(String itemId, String title, List<String> categories, float[] vector, List<Hit> hits,
    double score, Instant addedAt) {

  public Candidate(String itemId, String title, List<String> categories, float[] vector, List<Hit> hits, double score) {
    this(itemId, title, categories, vector, hits, score, null);
  }

  /** One source's proposal: which source, and how alike the item is to what the source looked for. */
  public record Hit(Source source, double similarity) {
  }

  public Candidate withScore(double s) {
    return new Candidate(itemId, title, categories, vector, hits, s, addedAt);
  }

  /** The hit that counts most (highest similarity), which the explanation cites. */
  public Hit best() {
    Hit best = hits.get(0);
    for (Hit h : hits) {
      if (h.similarity() > best.similarity()) {
        best = h;
      }
    }
    return best;
  }
}
