package dev.kindred.recsys;

import dev.kindred.interest.InterestProfile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fills a list's exploration slots: for each chosen arm (best draw first) the item of that area
 * nearest its centre that the user may see (not consumed, excluded, turned down or already listed),
 * placed at random positions after the first, replacing the list's weakest items.
 */
public final class ExploreSlots {

  private ExploreSlots() {
  }

  public static List<Candidate> pick(List<Candidate> exploring, List<Integer> arms, List<Candidate> listed,
      Predicate<String> allowed, InterestProfile p) {
    Set<String> taken = new HashSet<>();
    listed.forEach(x -> taken.add(x.itemId()));
    List<Candidate> out = new ArrayList<>();
    for (int arm : arms) {
      Candidate best = null;
      for (Candidate x : exploring) {
        Integer from = x.best().source().clusterId();
        if (from != null && from == arm && !taken.contains(x.itemId()) && allowed.test(x.itemId())
            && !FeedRanker.nearNegative(x, p.negatives())
            && (best == null || x.best().similarity() > best.best().similarity())) {
          best = x;
        }
      }
      if (best != null) {
        taken.add(best.itemId());
        out.add(best.withScore(best.best().similarity()));
      }
    }
    return out;
  }

  /** Puts the explored items into {@code list} (cut to {@code count}) at random positions from the second on. */
  public static void place(List<Candidate> list, List<Candidate> explored, int count, Random r) {
    while (list.size() > Math.max(0, count - explored.size())) {
      list.remove(list.size() - 1);
    }
    for (Candidate x : explored) {
      int at = list.isEmpty() ? 0 : 1 + r.nextInt(list.size());
      list.add(Math.min(at, list.size()), x);
    }
  }
}
