package dev.kindred.recsys;

import dev.kindred.interest.SupportingEvent;
import java.util.List;

/**
 * Why an item was recommended, built only from facts: the source, the interest's words, the
 * user's own events that support it (nearest to the item first) and one sentence made of them.
 */
public record Explanation(String source, List<String> words, List<SupportingEvent> because, String sentence) {
}
