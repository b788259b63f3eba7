package dev.kindred.interest;

import java.time.Instant;
import java.util.Map;

/**
 * One piece of evidence about a user: a unit vector (an item's, or an embedded query, review or
 * stated interest), a signed weight (negative for dislikes), when it happened, and what it was.
 * {@code context} holds implicit context such as {@code daypart}, {@code device}, {@code locale}.
 */
public record Signal(float[] vector, double weight, Instant at, long seq, String type, String itemId,
    String title, Map<String, String> context) {

  public boolean negative() {
    return weight < 0;
  }
}
