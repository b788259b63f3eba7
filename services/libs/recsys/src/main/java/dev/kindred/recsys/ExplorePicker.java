package dev.kindred.recsys;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Chooses where to explore for one user: each active interest's home cluster in the tenant's item
 * clusters (the nearest centroid), their neighbours that are not themselves a home cluster are the
 * candidate arms, and Thompson sampling on each arm's shown/clicked counts orders them.
 */
public final class ExplorePicker {

  /** One cluster of the tenant's catalogue and its nearest clusters. */
  public record ItemCluster(int id, float[] centroid, List<Integer> neighbours) {
  }

  /** An arm's exploration record: slots shown, and clicked. */
  public record Arm(long shown, long clicked) {
  }

  private ExplorePicker() {
  }

  /**
   * Exploration slots for a list of {@code count} under a tenant budget (a share of slots):
   * {@code count × budget} rounded up or down at random so that the expected share is the budget.
   */
  public static int slots(int count, double budget, Random r) {
    double exact = count * budget;
    int whole = (int) Math.floor(exact);
    return whole + (r.nextDouble() < exact - whole ? 1 : 0);
  }

  /** Arms to explore, best draw first (at most {@code max}); empty when the user has no adjacent area. */
  public static List<Integer> arms(List<InterestCluster> interests, List<ItemCluster> clusters, Map<Integer, Arm> stats,
      int max, Random r) {
    if (clusters.isEmpty() || interests.isEmpty() || max <= 0) {
      return List.of();
    }
    Set<Integer> home = new LinkedHashSet<>();
    for (InterestCluster k : interests) {
      home.add(nearest(k.centroid(), clusters).id());
    }
    Set<Integer> adjacent = new LinkedHashSet<>();
    for (ItemCluster c : clusters) {
      if (home.contains(c.id())) {
        for (int n : c.neighbours()) {
          if (!home.contains(n)) {
            adjacent.add(n);
          }
        }
      }
    }
    List<double[]> drawn = new ArrayList<>();
    for (int id : adjacent) {
      Arm a = stats.getOrDefault(id, new Arm(0, 0));
      drawn.add(new double[] {id, ThompsonSampler.draw(a.shown(), a.clicked(), r)});
    }
    drawn.sort(Comparator.comparingDouble((double[] d) -> -d[1]));
    return drawn.stream().limit(max).map(d -> (int) d[0]).toList();
  }

  /** The user interest nearest to an item cluster (whose words the explanation uses). */
  public static InterestCluster nearestInterest(float[] centroid, List<InterestCluster> interests) {
    InterestCluster best = null;
    double bestSim = -2;
    for (InterestCluster k : interests) {
      double sim = Vectors.dot(k.centroid(), centroid);
      if (sim > bestSim) {
        bestSim = sim;
        best = k;
      }
    }
    return best;
  }

  static ItemCluster nearest(float[] v, List<ItemCluster> clusters) {
    ItemCluster best = clusters.get(0);
    double bestSim = -2;
    for (ItemCluster c : clusters) {
      double sim = Vectors.dot(c.centroid(), v);
      if (sim > bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    return best;
  }
}
