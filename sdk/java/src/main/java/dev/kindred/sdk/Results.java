package dev.kindred.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** What the serving API answers, as records (fields the server adds later are ignored, not fatal). */
public final class Results {

  private Results() {
  }

  /**
   * A served list: its {@code recommendationId} (pass it with the events the user then does, see
   * {@link Event#recommendation}), whether it is personal, and why not ({@code note}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Recommendations(String recommendationId, String userId, boolean personalized, String note,
      List<Item> items) {
  }

  /** One item with the source that proposed it ({@code interest/3}, {@code co-visit}, …) and why. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(String itemId, String title, double score, String source, Explanation explanation) {
  }

  /**
   * Why: the source, the interest's words, the user's own events that support it, one sentence
   * made only of those facts, and the score's terms.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Explanation(String source, List<String> words, List<Evidence> because, String sentence,
      Map<String, Double> contributions) {
  }

  /** One of the user's events an explanation cites. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Evidence(String type, String itemId, String title, String at) {
  }

  /** A user's interests in words, strongest first. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Profile(String userId, String updatedAt, List<Interest> interests) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Interest(int id, List<String> words, List<String> detail, double confidence, double weight,
      double share, boolean muted, int events, List<Evidence> supportingEvents) {
  }

  /** What the ingest API said of one call that stored events or items. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Stored(int accepted, int duplicates, int rejected) {
  }
}
