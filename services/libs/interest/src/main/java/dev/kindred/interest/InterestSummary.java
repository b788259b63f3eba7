package dev.kindred.interest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a profile the way people and the benchmark do: its strongest interests in words. */
public final class InterestSummary {

  /** A label with the summed weight of the clusters that carry it and its share of the total. */
  public record LabelWeight(String label, String source, double weight, double share) {
  }

  private InterestSummary() {
  }

  /**
   * Up to {@code k} distinct labels of unmuted clusters, strongest first, each holding at least
   * {@code minShare} of the profile's weight (a passing glance is not an interest).
   */
  public static List<LabelWeight> topLabels(InterestProfile p, double minShare, int k) {
    Map<String, double[]> byLabel = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    double total = 0;
    for (InterestCluster c : p.ranked()) {
      if (c.muted() || c.label() == null) {
        continue;
      }
      total += c.weight();
      byLabel.computeIfAbsent(c.label().text(), x -> new double[1])[0] += c.weight();
      sources.putIfAbsent(c.label().text(), c.label().source());
    }
    List<LabelWeight> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : byLabel.entrySet()) {
      double share = total == 0 ? 0 : e.getValue()[0] / total;
      if (share >= minShare) {
        out.add(new LabelWeight(e.getKey(), sources.get(e.getKey()), e.getValue()[0], share));
      }
    }
    out.sort((a, b) -> Double.compare(b.weight(), a.weight()));
    return out.size() > k ? out.subList(0, k) : out;
  }
}
