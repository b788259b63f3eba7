package dev.kindred.interest;

import dev.kindred.inference.Vectors;
import java.time.Instant;
import java.util.List;

/**
 * The update rule: decay, then assign the signal to the nearest cluster at or above the
 * similarity threshold and move its centroid by the signal's weight, or open a new cluster (merging
 * the two most alike, or evicting the weakest other one, beyond K). Negative signals are recorded
 * and weaken the interest they resemble. Deterministic; O(K·d) per signal.
 */
public final class InterestUpdater {

  public enum Outcome { ASSIGNED, OPENED, OPENED_AND_MERGED, OPENED_AND_EVICTED, NEGATIVE, IGNORED }

  private final InterestSettings settings;

  public InterestUpdater(InterestSettings settings) {
    this.settings = settings;
  }

  public Outcome apply(InterestProfile p, Signal s) {
    if (s.vector() == null || s.weight() == 0) {
      return Outcome.IGNORED;
    }
    Instant now = latest(p, s.at());
    p.mutableClusters().forEach(c -> c.decayTo(now, settings.halfLifeDays()));
    // A signal older than the profile's clock arrives already decayed, so order does not matter.
    double w = Math.abs(s.weight()) * Decay.factor(s.at(), now, settings.halfLifeDays() * 86_400);
    p.touch(s.at());
    if (s.negative()) {
      return negative(p, s, w);
    }
    updateSession(p, s, w);
    InterestCluster nearest = null;
    double best = -2;
    for (InterestCluster c : p.mutableClusters()) {
      double sim = Vectors.cosine(c.centroid(), s.vector());
      if (sim > best) {
        best = sim;
        nearest = c;
      }
    }
    if (nearest != null && best >= settings.assignThreshold()) {
      nearest.absorb(s, w, settings.supportCap());
      p.touchCluster(nearest.id());
      return Outcome.ASSIGNED;
    }
    InterestCluster opened = new InterestCluster(p.takeClusterId(), s.vector(), w, now);
    opened.record(s, settings.supportCap());
    p.mutableClusters().add(opened);
    p.touchCluster(opened.id());
    if (p.mutableClusters().size() <= settings.maxInterests()) {
      return Outcome.OPENED;
    }
    return shrink(p, opened);
  }

  /** The user hides an interest: it stays (so its evidence keeps landing there) but is muted. */
  public boolean mute(InterestProfile p, int clusterId, boolean muted) {
    return p.cluster(clusterId).map(c -> {
      c.muted(muted);
      p.touchCluster(c.id());
      return true;
    }).orElse(false);
  }

  /** The user deletes an interest: it goes, and its centroid becomes a negative to avoid. */
  public boolean delete(InterestProfile p, int clusterId, Instant at) {
    return p.cluster(clusterId).map(c -> {
      p.mutableClusters().remove(c);
      addNegative(p, new NegativeInterest(c.centroid(), c.weight(), "deleted_interest", null,
          c.label() == null ? null : c.label().text(), at));
      p.touch(at);
      return true;
    }).orElse(false);
  }

  private Outcome negative(InterestProfile p, Signal s, double w) {
    addNegative(p, new NegativeInterest(s.vector(), w, s.type(), s.itemId(), s.title(), s.at()));
    for (InterestCluster c : List.copyOf(p.mutableClusters())) {
      double sim = Vectors.cosine(c.centroid(), s.vector());
      if (sim >= settings.assignThreshold()) {
        c.weaken(w * sim);
        p.touchCluster(c.id());
        if ("hide_topic".equals(s.type())) {
          c.muted(true);
        }
        if (c.weight() < 1e-3) {
          p.mutableClusters().remove(c);
        }
      }
    }
    return Outcome.NEGATIVE;
  }

  private void addNegative(InterestProfile p, NegativeInterest n) {
    List<NegativeInterest> negatives = p.mutableNegatives();
    negatives.add(0, n);
    while (negatives.size() > settings.negativeCap()) {
      negatives.remove(negatives.size() - 1);
    }
  }

  private Outcome shrink(InterestProfile p, InterestCluster opened) {
    List<InterestCluster> cs = p.mutableClusters();
    InterestCluster a = null;
    InterestCluster b = null;
    double best = -2;
    for (int i = 0; i < cs.size(); i++) {
      for (int j = i + 1; j < cs.size(); j++) {
        double sim = Vectors.cosine(cs.get(i).centroid(), cs.get(j).centroid());
        if (sim > best) {
          best = sim;
          a = cs.get(i);
          b = cs.get(j);
        }
      }
    }
    if (best >= settings.mergeThreshold()) {
      // The older cluster keeps its id so that what the user saw before stays recognisable.
      InterestCluster keep = a.id() < b.id() ? a : b;
      InterestCluster gone = keep == a ? b : a;
      keep.merge(gone, settings.supportCap());
      p.touchCluster(keep.id());
      cs.remove(gone);
      return Outcome.OPENED_AND_MERGED;
    }
    InterestCluster weakest = null;
    for (InterestCluster c : cs) {
      if (c != opened && (weakest == null || c.weight() < weakest.weight())) {
        weakest = c;
      }
    }
    cs.remove(weakest);
    return Outcome.OPENED_AND_EVICTED;
  }

  private void updateSession(InterestProfile p, Signal s, double w) {
    float[] prev = p.session();
    if (prev == null || p.sessionAt() == null) {
      p.session(s.vector().clone(), w, s.at());
      return;
    }
    double keep = p.sessionWeight() * Decay.factor(p.sessionAt(), s.at(), settings.sessionHalfLifeMinutes() * 60);
    float[] next = new float[prev.length];
    for (int d = 0; d < next.length; d++) {
      next[d] = (float) (prev[d] * keep + s.vector()[d] * w);
    }
    Instant at = s.at().isAfter(p.sessionAt()) ? s.at() : p.sessionAt();
    p.session(Vectors.normalize(next), keep + w, at);
  }

  private static Instant latest(InterestProfile p, Instant at) {
    Instant clock = p.updatedAt();
    return clock != null && clock.isAfter(at) ? clock : at;
  }
}
