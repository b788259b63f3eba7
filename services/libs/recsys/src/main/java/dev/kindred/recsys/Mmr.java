package dev.kindred.recsys;

import dev.kindred.inference.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Maximal marginal relevance: picks, one at a time, the candidate with the best
 * {@code (1−λ)·score − λ·max similarity to what is already picked}, so a list does not repeat one
 * idea. λ is the tenant's {@code diversityLambda} (0 = by score only). Scores are min-max
 * normalised first so that λ means the same whatever the ranker's scale. Vectors are unit length.
 */
public final class Mmr {

  private Mmr() {
  }

  public static List<Candidate> rerank(List<Candidate> candidates, double lambda, int k) {
    return rerank(candidates, lambda, k, java.util.Map.of());
  }

  /**
   * As above, and no source (by its id, e.g. {@code interest/3}) fills more than its cap of the
   * list, so one strong interest cannot crowd out the others; sources without a cap are unbounded.
   * When every remaining candidate's source is at its cap, the caps are lifted to fill the list.
   */
  public static List<Candidate> rerank(List<Candidate> candidates, double lambda, int k,
      java.util.Map<String, Integer> caps) {
    java.util.Map<String, Integer> used = new java.util.HashMap<>();
    List<Candidate> rest = new ArrayList<>(candidates);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Candidate c : rest) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
    }
    double span = max > min ? max - min : 1;
    List<Candidate> picked = new ArrayList<>();
    // Each candidate's highest similarity to anything picked so far, updated with each new pick
    // only: O(k·n·d) rather than O(k²·n·d).
    double[] redundancy = new double[rest.size()];
    boolean[] taken = new boolean[rest.size()];
    while (picked.size() < k && picked.size() < rest.size()) {
      int best = -1;
      double bestValue = -Double.MAX_VALUE;
      for (int i = 0; i < rest.size(); i++) {
        Candidate c = rest.get(i);
        String source = c.best().source().id();
        if (taken[i] || used.getOrDefault(source, 0) >= caps.getOrDefault(source, Integer.MAX_VALUE)) {
          continue;
        }
        double value = (1 - lambda) * (c.score() - min) / span - lambda * redundancy[i];
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      if (best < 0) {
        caps = java.util.Map.of();
        continue;
      }
      Candidate chosen = rest.get(best);
      taken[best] = true;
      picked.add(chosen);
      used.merge(chosen.best().source().id(), 1, Integer::sum);
      if (lambda > 0) {
        for (int i = 0; i < rest.size(); i++) {
          if (!taken[i]) {
            redundancy[i] = Math.max(redundancy[i], Vectors.dot(rest.get(i).vector(), chosen.vector()));
          }
        }
      }
    }
    return picked;
  }

  /** Mean pairwise cosine of a list: lower is more diverse. */
  public static double intraListSimilarity(List<Candidate> list) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        sum += Vectors.dot(list.get(i).vector(), list.get(j).vector());
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }
}
