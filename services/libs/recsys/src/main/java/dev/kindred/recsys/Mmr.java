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
    List<Candidate> rest = new ArrayList<>(candidates);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (Candidate c : rest) {
      min = Math.min(min, c.score());
      max = Math.max(max, c.score());
    }
    double span = max > min ? max - min : 1;
    List<Candidate> picked = new ArrayList<>();
    while (picked.size() < k && !rest.isEmpty()) {
      Candidate best = null;
      double bestValue = -Double.MAX_VALUE;
      for (Candidate c : rest) {
        double redundancy = 0;
        for (Candidate p : picked) {
          redundancy = Math.max(redundancy, Vectors.dot(c.vector(), p.vector()));
        }
        double value = (1 - lambda) * (c.score() - min) / span - lambda * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = c;
        }
      }
      picked.add(best);
      rest.remove(best);
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
