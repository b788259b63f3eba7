package dev.kindred.worker.embedding.service;

import java.util.List;

/**
 * The text an item is embedded from: title, then categories when the tenant sends them, then the
 * description. The model reads at most 256 word pieces, so the title always counts.
 */
public final class ItemText {

  private ItemText() {
  }

  public static String of(String title, List<String> categories, String description) {
    StringBuilder sb = new StringBuilder(title.strip());
    if (categories != null && !categories.isEmpty()) {
      sb.append(". ").append(String.join(", ", categories));
    }
    if (description != null && !description.isBlank()) {
      sb.append(". ").append(description.strip());
    }
    return sb.toString();
  }
}
