package dev.kindred.interest;

import dev.kindred.inference.Vectors;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One interest of one user: a unit centroid, a weight that decays with the tenant's half-life,
 * counts, when it was first and last fed, the newest supporting events, context counts, and words.
 */
public final class InterestCluster {

  private final int id;
  private float[] centroid;
  private double weight;
  private Instant decayedAt;
  private int events;
  private Instant firstSeen;
  private Instant lastSeen;
  private final Deque<SupportingEvent> support = new ArrayDeque<>();
  private final Map<String, Integer> context = new TreeMap<>();
  private InterestLabel label;
  private boolean muted;

  public InterestCluster(int id, float[] centroid, double weight, Instant at) {
    this.id = id;
    this.centroid = centroid.clone();
    this.weight = weight;
    this.decayedAt = at;
    this.firstSeen = at;
    this.lastSeen = at;
  }

  /** Restores a stored cluster (mapping layer). */
  public static InterestCluster restore(int id, float[] centroid, double weight, Instant decayedAt, int events,
      Instant firstSeen, Instant lastSeen, List<SupportingEvent> support, Map<String, Integer> context,
      InterestLabel label, boolean muted) {
    InterestCluster c = new InterestCluster(id, centroid, weight, decayedAt);
    c.events = events;
    c.firstSeen = firstSeen;
    c.lastSeen = lastSeen;
    c.support.addAll(support);
    c.context.putAll(context);
    c.label = label;
    c.muted = muted;
    return c;
  }

  /** Moves the centroid towards {@code v} by the share of {@code w} in the cluster's weight. */
  void absorb(Signal s, double w, int supportCap) {
    float[] next = new float[centroid.length];
    for (int d = 0; d < next.length; d++) {
      next[d] = (float) (centroid[d] * weight + s.vector()[d] * w);
    }
    centroid = Vectors.normalize(next);
    weight += w;
    record(s, supportCap);
  }

  void record(Signal s, int supportCap) {
    events++;
    if (s.at().isAfter(lastSeen)) {
      lastSeen = s.at();
    }
    if (s.at().isBefore(firstSeen)) {
      firstSeen = s.at();
    }
    support.addFirst(new SupportingEvent(s.seq(), s.type(), s.itemId(), s.title(), s.at()));
    while (support.size() > supportCap) {
      support.removeLast();
    }
    if (s.context() != null) {
      s.context().forEach((k, v) -> context.merge(k + "=" + v, 1, Integer::sum));
    }
  }

  /** Folds {@code other} into this cluster (weighted centroid, summed counts, merged support). */
  void merge(InterestCluster other, int supportCap) {
    float[] next = new float[centroid.length];
    for (int d = 0; d < next.length; d++) {
      next[d] = (float) (centroid[d] * weight + other.centroid[d] * other.weight);
    }
    centroid = Vectors.normalize(next);
    weight += other.weight;
    events += other.events;
    firstSeen = firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen;
    lastSeen = lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen;
    List<SupportingEvent> all = new ArrayList<>(support);
    all.addAll(other.support);
    all.sort((a, b) -> b.at().compareTo(a.at()));
    support.clear();
    all.stream().limit(supportCap).forEach(support::addLast);
    other.context.forEach((k, v) -> context.merge(k, v, Integer::sum));
    muted = muted || other.muted;
  }

  void decayTo(Instant at, double halfLifeDays) {
    if (at.isAfter(decayedAt)) {
      weight *= Decay.factor(decayedAt, at, halfLifeDays * 86_400);
      decayedAt = at;
    }
  }

  void weaken(double amount) {
    weight = Math.max(0, weight - amount);
  }

  public int id() {
    return id;
  }

  public float[] centroid() {
    return centroid;
  }

  public double weight() {
    return weight;
  }

  public Instant decayedAt() {
    return decayedAt;
  }

  public int events() {
    return events;
  }

  public Instant firstSeen() {
    return firstSeen;
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public List<SupportingEvent> support() {
    return List.copyOf(support);
  }

  /**
   * How much of this interest's evidence came in the given context ({@code daypart=evening},
   * {@code device=mobile}, …): the share of its events seen there, averaged over the keys given;
   * 0 for no context.
   */
  public double contextShare(Map<String, String> current) {
    if (current == null || current.isEmpty() || events == 0) {
      return 0;
    }
    double sum = 0;
    for (Map.Entry<String, String> e : current.entrySet()) {
      sum += Math.min(1.0, context.getOrDefault(e.getKey() + "=" + e.getValue(), 0) / (double) events);
    }
    return sum / current.size();
  }

  public Map<String, Integer> context() {
    return Map.copyOf(context);
  }

  public InterestLabel label() {
    return label;
  }

  public void label(InterestLabel label) {
    this.label = label;
  }

  public boolean muted() {
    return muted;
  }

  void muted(boolean muted) {
    this.muted = muted;
  }
}
