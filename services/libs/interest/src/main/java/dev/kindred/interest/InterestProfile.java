package dev.kindred.interest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What Kindred understands about one end-user: up to K interest clusters, a short-term session
 * vector that fades in minutes, and the negatives retrieval must avoid.
 */
public final class InterestProfile {

  private final String userId;
  private final List<InterestCluster> clusters = new ArrayList<>();
  private final List<NegativeInterest> negatives = new ArrayList<>();
  private int nextClusterId = 1;
  private float[] session;
  private double sessionWeight;
  private Instant sessionAt;
  private Instant updatedAt;
  // Clusters changed since the profile was loaded: only these need new words and a new stored row.
  private final java.util.Set<Integer> touched = new java.util.HashSet<>();

  public InterestProfile(String userId) {
    this.userId = userId;
  }

  /** Restores a stored profile (mapping layer). */
  public static InterestProfile restore(String userId, List<InterestCluster> clusters, List<NegativeInterest> negatives,
      int nextClusterId, float[] session, double sessionWeight, Instant sessionAt, Instant updatedAt) {
    InterestProfile p = new InterestProfile(userId);
    p.clusters.addAll(clusters);
    p.negatives.addAll(negatives);
    p.nextClusterId = nextClusterId;
    p.session = session;
    p.sessionWeight = sessionWeight;
    p.sessionAt = sessionAt;
    p.updatedAt = updatedAt;
    return p;
  }

  public String userId() {
    return userId;
  }

  public List<InterestCluster> clusters() {
    return List.copyOf(clusters);
  }

  /** Clusters by weight, strongest first (muted ones included, flagged). */
  public List<InterestCluster> ranked() {
    return clusters.stream().sorted(Comparator.comparingDouble(InterestCluster::weight).reversed()
        .thenComparingInt(InterestCluster::id)).toList();
  }

  public Optional<InterestCluster> cluster(int id) {
    return clusters.stream().filter(c -> c.id() == id).findFirst();
  }

  public List<NegativeInterest> negatives() {
    return List.copyOf(negatives);
  }

  public int nextClusterId() {
    return nextClusterId;
  }

  public float[] session() {
    return session;
  }

  public double sessionWeight() {
    return sessionWeight;
  }

  public Instant sessionAt() {
    return sessionAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public boolean isEmpty() {
    return clusters.isEmpty() && negatives.isEmpty() && session == null;
  }

  /** Ids of clusters opened or changed since this profile was loaded or restored. */
  public java.util.Set<Integer> touched() {
    return java.util.Set.copyOf(touched);
  }

  /** Its changes were taken for storage: what changes from here on is touched anew. */
  public void stored() {
    touched.clear();
  }

  void touchCluster(int id) {
    touched.add(id);
  }

  List<InterestCluster> mutableClusters() {
    return clusters;
  }

  /**
   * Adds a negative the event log already holds but the stored profile may not yet (serving reads
   * the user's latest feedback itself, so a "not interested" changes the very next response);
   * nothing happens when the item is already a negative.
   */
  public void addDeclined(NegativeInterest n) {
    for (NegativeInterest known : negatives) {
      if (n.itemId() != null && n.itemId().equals(known.itemId())) {
        return;
      }
    }
    negatives.add(0, n);
  }

  List<NegativeInterest> mutableNegatives() {
    return negatives;
  }

  int takeClusterId() {
    return nextClusterId++;
  }

  void session(float[] vector, double weight, Instant at) {
    this.session = vector;
    this.sessionWeight = weight;
    this.sessionAt = at;
  }

  void touch(Instant at) {
    if (updatedAt == null || at.isAfter(updatedAt)) {
      updatedAt = at;
    }
  }
}
