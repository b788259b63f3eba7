package dev.kindred.simulator.users;

import dev.kindred.simulator.catalogue.CatalogueGenerator.Item;
import dev.kindred.simulator.catalogue.Taxonomy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Users with 2–3 hidden interests who browse, click, buy, rate and search mostly within them.
 * Difficulty knobs: {@code noiseShare} of events fall on a random category; interests drift (the
 * weights shift) over the stream; popular items are favoured (Zipf-like rank choice).
 */
public final class UserSimulator {
  private final List<Item> catalogue;
  private final List<List<Item>> byCategory = new ArrayList<>();
  private final long seed;
  private final double noiseShare;
  private final double driftRate;

  public UserSimulator(List<Item> catalogue, long seed, double noiseShare) {
    this(catalogue, seed, noiseShare, 0.3);
  }

  /**
   * {@code driftRate}: how far the interest weights move towards their reverse order over a user's
   * stream (0 = stable tastes, 1 = the weakest interest ends as the strongest).
   */
  public UserSimulator(List<Item> catalogue, long seed, double noiseShare, double driftRate) {
    this.catalogue = catalogue;
    this.seed = seed;
    this.noiseShare = noiseShare;
    this.driftRate = driftRate;
    for (int c = 0; c < Taxonomy.CATEGORIES.size(); c++) {
      byCategory.add(new ArrayList<>());
    }
    catalogue.forEach(i -> byCategory.get(i.trueCategory()).add(i));
  }

  public List<SimulatedUser> users(int count) {
    Random r = new Random(seed);
    int n = Taxonomy.CATEGORIES.size();
    List<SimulatedUser> out = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      int k = 2 + r.nextInt(2);
      List<Integer> interests = new ArrayList<>();
      while (interests.size() < k) {
        int c = r.nextInt(n);
        if (!interests.contains(c)) {
          interests.add(c);
        }
      }
      List<Double> weights = new ArrayList<>();
      double sum = 0;
      for (int i = 0; i < k; i++) {
        double w = 0.5 + r.nextDouble();
        weights.add(w);
        sum += w;
      }
      final double total = sum;
      out.add(new SimulatedUser(String.format("user-%05d", u), interests, weights.stream().map(w -> w / total).toList()));
    }
    return out;
  }

  /** The user's event stream, oldest first, ending at {@code end}. */
  public List<SimulatedEvent> events(SimulatedUser user, int count, Instant end) {
    Random r = new Random(seed ^ user.id().hashCode());
    List<SimulatedEvent> out = new ArrayList<>();
    Instant t = end.minus(Duration.ofMinutes(30L * count));
    String session = user.id() + "-s0";
    for (int e = 0; e < count; e++) {
      t = t.plusSeconds(30 + r.nextInt(1200));
      if (r.nextDouble() < 0.15) {
        session = user.id() + "-s" + e;
      }
      int cat = r.nextDouble() < noiseShare ? r.nextInt(byCategory.size())
          : interest(user, r, driftRate * e / count);
      List<Item> pool = byCategory.get(cat);
      Item item = pool.get(zipf(r, pool.size()));
      double roll = r.nextDouble();
      if (roll < 0.06) {
        Taxonomy.Category c = Taxonomy.CATEGORIES.get(cat);
        String q = c.adjectives().get(r.nextInt(c.adjectives().size())) + " " + c.nouns().get(r.nextInt(c.nouns().size()));
        out.add(new SimulatedEvent("search", user.id(), null, q, null, session, t));
      } else {
        String type = roll < 0.70 ? "view" : roll < 0.85 ? "click" : roll < 0.92 ? "add_to_cart"
            : roll < 0.96 ? "purchase" : "rating";
        Double rating = "rating".equals(type) ? (double) (3 + r.nextInt(3)) : null;
        out.add(new SimulatedEvent(type, user.id(), item.id(), null, rating, session, t));
      }
    }
    return out;
  }

  /** Picks an interest by weight; {@code drift} (0..1) moves the weights towards the reverse order. */
  private static int interest(SimulatedUser u, Random r, double drift) {
    int k = u.interests().size();
    double[] w = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      w[i] = (1 - drift) * u.weights().get(i) + drift * u.weights().get(k - 1 - i);
      sum += w[i];
    }
    double x = r.nextDouble() * sum;
    for (int i = 0; i < k; i++) {
      x -= w[i];
      if (x <= 0) {
        return u.interests().get(i);
      }
    }
    return u.interests().get(k - 1);
  }

  private static int zipf(Random r, int n) {
    // Inverse-CDF of a continuous 1/x law: low ranks (popular items) are chosen far more often.
    double x = Math.exp(r.nextDouble() * Math.log(n + 1)) - 1;
    return Math.min(n - 1, (int) x);
  }

  /**
   * What the user would type when asked about their interests: one product phrase per hidden
   * interest (an adjective and a noun of its category, never the category's name).
   */
  public String statedText(SimulatedUser user) {
    Random r = new Random(seed * 31 + user.id().hashCode());
    List<String> phrases = new ArrayList<>();
    for (int c : user.interests()) {
      Taxonomy.Category cat = Taxonomy.CATEGORIES.get(c);
      phrases.add(cat.adjectives().get(r.nextInt(cat.adjectives().size())) + " "
          + cat.nouns().get(r.nextInt(cat.nouns().size())) + "s");
    }
    String last = phrases.remove(phrases.size() - 1);
    return "I'm into " + String.join(", ", phrases) + " and " + last;
  }

  public List<Item> catalogue() {
    return catalogue;
  }
}
