package dev.kindred.recsys;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.NegativeInterest;
import java.util.ArrayList;
import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.Ranker;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scores, filters and re-ranks a user's candidates — the one piece of ranking code that both
 * serving ({@code services/recommend}) and the offline quality harness run. Each candidate gets
 * the {@link #FEATURES} row below and a {@link Ranker} scores the rows: a learned model once one
 * is promoted, until then {@link WeightedRanker}, the documented weighted score (weights per
 * tenant, {@code rankingWeights}):
 *
 * <pre>
 *   score = boost × ( interest × max over active interests of cos(item, interest) × (0.6 + 0.4 × weight / top weight)
 *                   + session  × cos(item, session vector)
 *                   + coVisit  × co-visit similarity (the {@code co-visit} source's, 0..1)
 *                   + popularity × the item's popularity (log-scaled, 0..1) )
 * </pre>
 *
 * where an interest's term is raised by up to {@link #CONTEXT_BOOST} when the request's context
 * (daypart, device, locale) is where its evidence came from ({@code InterestCluster.contextShare})
 * and {@code boost} is the product of the tenant's boost rules the item matches (1 when none);
 * then items the caller rules out and items within cos 0.85 of a negative are dropped, and MMR
 * with the tenant's λ and per-interest slot caps (each active interest's share of the list) picks
 * the list.
 */
public final class FeedRanker {

  /** The weights of the score's terms (the tenant's {@code rankingWeights}). */
  public record Weights(double interest, double session, double coVisit, double popularity, double sequence) {

    public static Weights defaults() {
      return new Weights(1.0, 0.5, 1.0, 0.1, 1.0);
    }

    /** The same weights with the sequence term off (tenants and harnesses without a sequence model). */
    public Weights(double interest, double session, double coVisit, double popularity) {
      this(interest, session, coVisit, popularity, 0);
    }

    /** The weight of the feature called {@code name} (0 for one it does not know). */
    public double of(String name) {
      return switch (name) {
        case "interest" -> interest;
        case "session" -> session;
        case "coVisit" -> coVisit;
        case "popularity" -> popularity;
        case "sequence" -> sequence;
        default -> 0;
      };
    }
  }

  /** An item's popularity in 0..1 (0 where unknown). */
  @FunctionalInterface
  public interface Popularity {
    double of(String itemId);
  }

  /** The product of the tenant's boost rules an item matches (1 when none). */
  @FunctionalInterface
  public interface Boosts {
    Boosts NONE = itemId -> 1.0;

    double of(String itemId);
  }

  /**
   * The feature columns every ranker reads, in this order: the four terms of the weighted score,
   * then what only a learned ranker uses (the weighted score gives them weight 0):
   * {@code interestMean} (mean cos to the active interests), {@code novelty} (1 − the highest cos to
   * any of the user's interests, muted ones too), {@code negative} (the highest cos to something
   * the user turned down), {@code sources} (how many sources proposed the item) and {@code recency}
   * (2^(−days in the catalogue / {@value #RECENCY_HALF_LIFE_DAYS}); missing, NaN, where unknown).
   */
  public static final String[] FEATURES = {"interest", "session", "coVisit", "popularity", "sequence", "interestMean",
      "novelty", "negative", "sources", "recency"};
  public static final double RECENCY_HALF_LIFE_DAYS = 30;
  /** The leading {@link #FEATURES} that the weighted score weighs (and the breakdown lists). */
  static final int WEIGHTED_TERMS = 5;
  public static final int MAX_INTERESTS = 5;
  /** At most this share of a list comes from {@code co-visit} (and as much from {@code sequence}), however strong. */
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

  /** As {@link #rank(InterestProfile, List, Predicate, Popularity, Boosts, double, int, Ranker, Map)} with the weighted score and no boosts. */
  public static List<Candidate> rank(InterestProfile p, List<Candidate> candidates, Predicate<String> allowed,
      Popularity popularity, double lambda, int count, Weights w) {
    return rank(p, candidates, allowed, popularity, Boosts.NONE, lambda, count, new WeightedRanker(w), Map.of());
  }

  /**
   * The list: {@code candidates} merged per item (as a {@link CandidatePool} gives them), filtered
   * by {@code allowed} (consumed, excluded, unavailable) and negatives, scored by {@code ranker}
   * times the item's {@code boosts}, re-ranked; in the request's {@code context} (e.g. {@code daypart → evening}).
   */
  public static List<Candidate> rank(InterestProfile p, List<Candidate> candidates, Predicate<String> allowed,
      Popularity popularity, Boosts boosts, double lambda, int count, Ranker ranker, Map<String, String> context) {
    return rank(p, candidates, allowed, popularity, boosts, lambda, count, ranker, context, new HashMap<>());
  }

  /** As above; {@code rows} receives each scored candidate's feature row (what serving logs with the impression). */
  public static List<Candidate> rank(InterestProfile p, List<Candidate> candidates, Predicate<String> allowed,
      Popularity popularity, Boosts boosts, double lambda, int count, Ranker ranker, Map<String, String> context,
      Map<String, float[]> rows) {
    List<InterestCluster> active = active(p);
    List<Candidate> kept = new ArrayList<>();
    for (Candidate x : candidates) {
      if (allowed.test(x.itemId()) && !nearNegative(x, p.negatives())) {
        kept.add(x);
      }
    }
    float[] values = new float[kept.size() * FEATURES.length];
    for (int i = 0; i < kept.size(); i++) {
      float[] row = features(kept.get(i), p, active, context, popularity);
      rows.put(kept.get(i).itemId(), row);
      System.arraycopy(row, 0, values, i * FEATURES.length, FEATURES.length);
    }
    float[] scores = kept.isEmpty() ? new float[0] : ranker.score(new FeatureMatrix(FEATURES, kept.size(), values));
    for (int i = 0; i < kept.size(); i++) {
      kept.set(i, kept.get(i).withScore(scores[i] * boosts.of(kept.get(i).itemId())));
    }
    return Mmr.rerank(kept, lambda, count, caps(active, count, context));
  }

  /** The weighted score without popularity and boosts, for one candidate of this user. */
  public static double score(Candidate x, InterestProfile p, Weights w) {
    float[] f = features(x, p, active(p), Map.of(), id -> 0);
    return w.interest() * f[0] + w.session() * f[1] + w.coVisit() * f[2] + w.sequence() * f[4];
  }

  /**
   * Each term of the weighted score for this candidate — {@code interest}, {@code session},
   * {@code coVisit}, {@code popularity}, and {@code boost} (what the tenant's boost rules add or
   * take, when they match) — which sum to its score: what an explanation shows as the breakdown.
   */
  public static Map<String, Double> contributions(Candidate x, InterestProfile p, Weights w, Map<String, String> context,
      Popularity popularity, double boost) {
    return contributions(features(x, p, active(p), context, popularity), w, boost);
  }

  /** As above from the candidate's feature row as {@link #rank} computed it (no second computation). */
  public static Map<String, Double> contributions(float[] f, Weights w, double boost) {
    Map<String, Double> out = new LinkedHashMap<>();
    double sum = 0;
    for (int j = 0; j < WEIGHTED_TERMS; j++) {
      double term = w.of(FEATURES[j]) * f[j];
      out.put(FEATURES[j], term);
      sum += term;
    }
    if (boost != 1.0) {
      out.put("boost", (boost - 1.0) * sum);
    }
    return out;
  }

  /** Whether a model trained on these feature columns can score today's rows (the layout changes as features are added). */
  public static boolean isCurrentLayout(String[] featureNames) {
    return java.util.Arrays.equals(featureNames, FEATURES);
  }

  /** The candidate's row of {@link #FEATURES}, as the ranker saw it (and the impression logs it). */
  public static float[] featureRow(Candidate x, InterestProfile p, Map<String, String> context, Popularity popularity) {
    return features(x, p, active(p), context, popularity);
  }

  /**
   * A learned ranker's breakdown of one item's score: its SHAP values per feature (only those that
   * moved the score), the model's {@code bias}, and {@code boost} as in {@link #contributions} —
   * together they sum to the score served.
   */
  public static Map<String, Double> learnedContributions(float[] shap, double boost) {
    Map<String, Double> out = new LinkedHashMap<>();
    double sum = 0;
    for (int j = 0; j < FEATURES.length && j < shap.length - 1; j++) {
      sum += shap[j];
      if (shap[j] != 0) {
        out.put(FEATURES[j], (double) shap[j]);
      }
    }
    double bias = shap[shap.length - 1];
    out.put("bias", bias);
    sum += bias;
    if (boost != 1.0) {
      out.put("boost", (boost - 1.0) * sum);
    }
    return out;
  }

  /** The candidate's row of {@link #FEATURES}. */
  static float[] features(Candidate x, InterestProfile p, List<InterestCluster> active, Map<String, String> context,
      Popularity popularity) {
    double top = active.isEmpty() ? 0 : active.get(0).weight();
    double interest = 0;
    double sum = 0;
    for (InterestCluster k : active) {
      double boost = (0.6 + 0.4 * (top == 0 ? 0 : k.weight() / top)) * (1 + CONTEXT_BOOST * k.contextShare(context));
      double cos = Vectors.dot(k.centroid(), x.vector());
      interest = Math.max(interest, cos * boost);
      sum += cos;
    }
    double nearest = 0;
    for (InterestCluster k : p.clusters()) {
      nearest = Math.max(nearest, Vectors.dot(k.centroid(), x.vector()));
    }
    double negative = 0;
    for (NegativeInterest n : p.negatives()) {
      negative = Math.max(negative, Vectors.dot(n.vector(), x.vector()));
    }
    double session = p.session() == null ? 0 : Math.max(0, Vectors.dot(p.session(), x.vector()));
    double coVisit = 0;
    double sequence = 0;
    for (Candidate.Hit h : x.hits()) {
      if (Source.CO_VISIT.equals(h.source().kind())) {
        coVisit = Math.max(coVisit, h.similarity());
      } else if (Source.SEQUENCE.equals(h.source().kind())) {
        sequence = Math.max(sequence, h.similarity());
      }
    }
    long sources = x.hits().stream().map(h -> h.source().id()).distinct().count();
    float recency = x.addedAt() == null ? Float.NaN : (float) Math.pow(2,
        -Math.max(0, java.time.Duration.between(x.addedAt(), java.time.Instant.now()).toSeconds()) / 86_400.0
            / RECENCY_HALF_LIFE_DAYS);
    return new float[] {(float) interest, (float) session, (float) coVisit, (float) popularity.of(x.itemId()),
        (float) sequence, active.isEmpty() ? 0f : (float) (sum / active.size()), (float) (1 - nearest), (float) negative, sources, recency};
  }
  /**
   * Slots per interest: its share of the active interests' weight of the list, rounded up, so a
   * user into photography (70 %) and trail running (25 %) sees both; and at most half the list from
   * co-visitation and at most half from the sequence model, so that what others did next never
   * crowds out what this user is into.
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
    caps.put(Source.SEQUENCE, Math.max(1, (int) Math.ceil(count * CO_VISIT_SHARE)));
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
