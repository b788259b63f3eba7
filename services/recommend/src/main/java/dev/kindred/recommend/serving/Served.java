package dev.kindred.recommend.serving;

import dev.kindred.recsys.Explanation;
import java.util.List;
import java.util.UUID;

/**
 * What every serving endpoint answers: a {@code recommendationId} (for attribution), whether the
 * list is personal, a note when it is not (why), and the items each with its source and why.
 */
public record Served(String recommendationId, String userId, boolean personalized, String note, List<Item> items) {

  /** One served item: its stable source id travels with it. */
  public record Item(String itemId, String title, double score, String source, Explanation explanation) {
  }

  public static Served of(String userId, boolean personalized, String note, List<Item> items) {
    return new Served(UUID.randomUUID().toString(), userId, personalized, note, items);
  }

  public static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }
}
