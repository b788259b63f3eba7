package dev.kindred.interest;

import dev.kindred.inference.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each cluster words people can read: zero-shot, the tenant category whose embedded name and
 * description is nearest to the centroid, when it is close enough ({@code minSimilarity}) and clear
 * of the runner-up by {@code margin}; otherwise the most distinctive words of the titles behind it.
 * Centroids and category vectors are unit length, so their dot product is their cosine.
 */
public final class InterestLabeler {

  private final List<TaxonomyEntry> taxonomy;
  private final TermStats terms;
  private final double minSimilarity;
  private final double margin;

  public InterestLabeler(List<TaxonomyEntry> taxonomy, TermStats terms, double minSimilarity, double margin) {
    this.taxonomy = taxonomy;
    this.terms = terms;
    this.minSimilarity = minSimilarity;
    this.margin = margin;
  }

  public static InterestLabeler withDefaults(List<TaxonomyEntry> taxonomy, TermStats terms) {
    return new InterestLabeler(taxonomy, terms, 0.30, 0.01);
  }

  public InterestLabel label(InterestCluster cluster) {
    TaxonomyEntry best = null;
    double bestSim = -2;
    double second = -2;
    for (TaxonomyEntry e : taxonomy) {
      double sim = Vectors.dot(cluster.centroid(), e.vector());
      if (sim > bestSim) {
        second = bestSim;
        bestSim = sim;
        best = e;
      } else if (sim > second) {
        second = sim;
      }
    }
    List<String> titles = new ArrayList<>();
    cluster.support().forEach(s -> {
      if (s.title() != null) {
        titles.add(s.title());
      }
    });
    List<String> words = terms == null ? List.of() : terms.topTerms(titles, 3);
    if (best != null && bestSim >= minSimilarity && bestSim - second >= margin) {
      String category = best.name();
      List<String> detail = words.stream().filter(w -> !category.toLowerCase().contains(w)).limit(2).toList();
      return new InterestLabel(List.of(category), InterestLabel.TAXONOMY, round(bestSim), detail);
    }
    if (words.isEmpty()) {
      return best == null ? null : new InterestLabel(List.of(best.name()), InterestLabel.TAXONOMY, round(bestSim));
    }
    double share = titles.isEmpty() ? 0 : (double) TermStats.countContaining(titles, words.get(0)) / titles.size();
    return new InterestLabel(words, InterestLabel.TERMS, round(share));
  }

  /** Labels every cluster of the profile in place. */
  public void labelAll(InterestProfile profile) {
    profile.mutableClusters().forEach(c -> c.label(label(c)));
  }

  /** Labels the clusters that changed since the profile was loaded, and any without words. */
  public void labelChanged(InterestProfile profile) {
    var touched = profile.touched();
    profile.mutableClusters().forEach(c -> {
      if (c.label() == null || touched.contains(c.id())) {
        c.label(label(c));
      }
    });
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
