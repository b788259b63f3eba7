package dev.kindred.recsys;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scores, filters and re-ranks a user's candidates — the one piece of ranking code that both
 * serving ({@code services/recommend}) and the offline quality harness run. The documented
 * weighted score, until a learned ranker exists:
 *
 * <pre>
 *   score = interest × max over active interests of cos(item, interest) × (0.6 + 0.4 × weight / top weight)
 *         + session  × cos(item, session vector)
 *         + coVisit  × co-visit similarity (the {@code co-visit} source's, 0..1)
 *         + popularity × the item's popularity (log-scaled, 0..1; serving has none yet)
 * </pre>
 *
 * where an interest's term is raised by up to {@link #CONTEXT_BOOST} when the request's context
 * (daypart, device, locale) is where its evidence came from ({@code InterestCluster.contextShare});
 * then items the caller rules out and items within cos 0.85 of a negative are dropped, and MMR
 * with the tenant's λ and per-interest slot caps (each active interest's share of the list) picks
 * the list.
 */
public final class FeedRanker {

  /** The weights of the score's terms (a tenant setting once tenants can tune them). */
  public record Weights(double interest, double session, double coVisit, double popularity) {

    public static Weights defaults() {
      return new Weights(1.0, 0.5, 1.0, 0.1);
    }
  }

  /** An item's popularity in 0..1 (0 where unknown). */
  @FunctionalInterface
  public interface Popularity {
    double of(String itemId);
  }

  public static final int MAX_INTERESTS = 5;
  /** At most this share of a list comes from {@code co-visit}, however strong it is. */
  public static final double CO_VISIT_SHARE = 0.5;
  /** An interest whose every event came in the request's context weighs this much more (×1.5). */
  public static final double CONTEXT_BOOST = 0.5;
  public static final double NEGATIVE_RADIUS = 0.85;

  private FeedRanker() {
  }

  /** The interests that propose candidates: unmuted, strongest first, at most {@link #MAX_INTERESTS}. */
  public static List<InterestCluster> active(InterestProfile p) {
    return p.ranked().stream().filter(c -> !c.muted()).limit(MAX_INTERESTS).toList();
  }

  /**
   * The list: {@code candidates} merged per item (as a {@link CandidatePool} gives them), scored,
   * filtered by {@code allowed} (consumed, excluded, unavailable) and negatives, re-ranked.
   * {@code popularity} gives an item's popularity in 0..1 (0 where unknown).
   */
  public static List<Candidate> rank(InterestProfile p, List<Candidate> candidates, Predicate<String> allowed,
      Popularity popularity, double lambda, int count, Weights w) {
    return rank(p, candidates, allowed, popularity, lambda, count, w, Map.of());
  }

  /** As above, in the request's {@code context} (e.g. {@code daypart → evening}). */
  public static List<Candidate> rank(InterestProfile p, List<Candidate> candidates, Predicate<String> allowed,
      Popularity popularity, double lambda, int count, Weights w, Map<String, String> context) {
    List<InterestCluster> active = active(p);
    List<Candidate> kept = new ArrayList<>();
    for (Candidate x : candidates) {
      if (allowed.test(x.itemId()) && !nearNegative(x, p.negatives())) {
        kept.add(x.withScore(score(x, p, active, w, context) + w.popularity() * popularity.of(x.itemId())));
      }
    }
    return Mmr.rerank(kept, lambda, count, caps(active, count, context));
  }

  /** The weighted score without the popularity term, for one candidate of this user. */
  public static double score(Candidate x, InterestProfile p, Weights w) {
    return score(x, p, active(p), w, Map.of());
  }

  static double score(Candidate x, InterestProfile p, List<InterestCluster> active, Weights w,
      Map<String, String> context) {
    double sum = 0;
    for (double v : contributions(x, p, active, w, context).values()) {
      sum += v;
    }
    return sum;
  }

  /**
   * Each term of the score for this candidate (without popularity): {@code interest},
   * {@code session}, {@code coVisit} — what an explanation shows as the score breakdown.
   */
  public static Map<String, Double> contributions(Candidate x, InterestProfile p, Weights w, Map<String, String> context) {
    return contributions(x, p, active(p), w, context);
  }

  static Map<String, Double> contributions(Candidate x, InterestProfile p, List<InterestCluster> active, Weights w,
      Map<String, String> context) {
    double top = active.isEmpty() ? 0 : active.get(0).weight();
    double interest = 0;
    for (InterestCluster k : active) {
      double boost = (0.6 + 0.4 * (top == 0 ? 0 : k.weight() / top)) * (1 + CONTEXT_BOOST * k.contextShare(context));
      interest = Math.max(interest, Vectors.dot(k.centroid(), x.vector()) * boost);
    }
    double session = p.session() == null ? 0 : Math.max(0, Vectors.dot(p.session(), x.vector()));
    double coVisit = 0;
    for (Candidate.Hit h : x.hits()) {
      if (Source.CO_VISIT.equals(h.source().kind())) {
        coVisit = Math.max(coVisit, h.similarity());
      }
    }
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    out.put("interest", w.interest() * interest);
    out.put("session", w.session() * session);
    out.put("coVisit", w.coVisit() * coVisit);
    return out;
  }

  /**
   * Slots per interest: its share of the active interests' weight of the list, rounded up, so a
   * user into photography (70 %) and trail running (25 %) sees both; and at most half the list from
   * co-visitation, so that what others did next never crowds out what this user is into.
   */
  public static Map<String, Integer> caps(List<InterestCluster> active, int count, Map<String, String> context) {
    double total = 0;
    for (InterestCluster k : active) {
      total += k.weight() * (1 + CONTEXT_BOOST * k.contextShare(context));
    }
    Map<String, Integer> caps = new HashMap<>();
    for (InterestCluster k : active) {
      double share = total == 0 ? 0 : k.weight() * (1 + CONTEXT_BOOST * k.contextShare(context)) / total;
      caps.put(Source.interest(k.id()).id(), Math.max(1, (int) Math.ceil(count * share)));
    }
    caps.put(Source.CO_VISIT, Math.max(1, (int) Math.ceil(count * CO_VISIT_SHARE)));
    return caps;
  }

  /** Whether the item is one the user turned down, or within cos 0.85 of one. */
  public static boolean nearNegative(Candidate x, List<NegativeInterest> negatives) {
    for (NegativeInterest n : negatives) {
      if (x.itemId().equals(n.itemId()) || Vectors.dot(n.vector(), x.vector()) >= NEGATIVE_RADIUS) {
        return true;
      }
    }
    return false;
  }
}
