package dev.kindred.bench.quality;

import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.InterestUpdater;
import dev.kindred.interest.Signal;
import dev.kindred.interest.SignalWeights;
import dev.kindred.recsys.Candidate;
import dev.kindred.inference.Ranker;
import dev.kindred.recsys.FeedPipeline;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.WeightedRanker;
import dev.kindred.recsys.Source;
import dev.kindred.recsys.sequence.SasRec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kindred, in-process, through the code that serves: the history goes through the worker's
 * {@link InterestUpdater} as view signals (one every {@code gap}, since these datasets carry no
 * usable session times); candidates come from each active interest and the session vector (exact
 * kNN where serving asks pgvector) and from {@code co-visit} (session co-occurrence with the
 * user's most recent items) and, when a sequence model is given, from {@code sequence} (what it
 * predicts next); serving's {@link FeedPipeline} merges them, scores, filters what the user
 * already has, and re-ranks with MMR. Exploration is off.
 */
public final class KindredRecommender implements Recommender {

  /**
   * The knobs, tuned on the validation split: the score weights, how many of the latest items seed
   * {@code co-visit} ({@code recent}) and how far apart in a sequence two items still count as
   * visited together ({@code window}, 0 = anywhere in the same user's history).
   */
  public record Config(FeedRanker.Weights weights, double lambda, int perSource, int recent, int window, Duration gap,
      Ranker ranker, SasRec sequence) {

    public Config(FeedRanker.Weights weights, double lambda, int perSource, int recent, int window, Duration gap) {
      this(weights, lambda, perSource, recent, window, gap, null, null);
    }

    public Config with(FeedRanker.Weights w, double l) {
      return new Config(w, l, perSource, recent, window, gap, ranker, sequence);
    }

    /** The same with a learned ranker in place of the weighted score. */
    public Config withRanker(Ranker r) {
      return new Config(weights, lambda, perSource, recent, window, gap, r, sequence);
    }

    /** The same with a sequence model proposing {@code sequence} candidates (null: none). */
    public Config withSequence(SasRec model) {
      return new Config(weights, lambda, perSource, recent, window, gap, ranker, model);
    }
  }

  /** One user's profile and candidates: computed once, ranked under many weights while tuning. */
  public record Prepared(InterestProfile profile, List<Candidate> candidates, Set<String> history) {
  }

  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  private final ItemIndex index;
  private final SparseRows coVisits;
  private final double[] popularity;
  private final Config config;
  private final InterestSettings settings = InterestSettings.defaults();

  public KindredRecommender(Known known, Config config) {
    this.index = new ItemIndex(known.vectors());
    this.coVisits = config.window() == 0 ? SparseRows.cosine(known) : SparseRows.coVisits(known, config.window());
    this.config = config;
    this.popularity = new double[known.items()];
    int max = 1;
    for (int c : known.popularity()) {
      max = Math.max(max, c);
    }
    for (int i = 0; i < popularity.length; i++) {
      popularity[i] = Math.log1p(known.popularity()[i]) / Math.log1p(max);
    }
  }

  public Config config() {
    return config;
  }

  @Override
  public int[] recommend(int[] history, int k) {
    return rank(prepare(history), config.weights(), config.lambda(), k);
  }

  public Prepared prepare(int[] history) {
    InterestProfile p = new InterestProfile("offline");
    InterestUpdater updater = new InterestUpdater(settings);
    double w = SignalWeights.view(settings, null);
    Set<String> had = new HashSet<>();
    for (int n = 0; n < history.length; n++) {
      int item = history[n];
      String id = Integer.toString(item);
      had.add(id);
      updater.apply(p, new Signal(index.vector(item), w, T0.plus(config.gap().multipliedBy(n)), n, "view", id,
          id, Map.of()));
    }
    List<Candidate> nearest = new ArrayList<>();
    for (InterestCluster c : FeedRanker.active(p)) {
      nearest(nearest, c.centroid(), Source.interest(c.id()), history);
    }
    if (p.session() != null) {
      nearest(nearest, p.session(), Source.of(Source.SESSION), history);
    }
    FeedPipeline.Proposals proposals = new FeedPipeline.Proposals(nearest, coVisited(history), sequenced(history));
    return new Prepared(p, FeedPipeline.candidates(proposals, config.perSource()), had);
  }

  public int[] rank(Prepared u, FeedRanker.Weights w, double lambda, int k) {
    Ranker ranker = config.ranker() != null ? config.ranker() : new WeightedRanker(w);
    List<Candidate> list = FeedPipeline.rank(FeedPipeline.Request.offline(u.profile(), id -> !u.history().contains(id),
        popularity(), lambda, k, ranker), u.candidates()).items();
    int[] out = new int[list.size()];
    for (int n = 0; n < out.length; n++) {
      out[n] = Integer.parseInt(list.get(n).itemId());
    }
    return out;
  }

  /** Each item's popularity among known sequences, log-scaled to 0..1 (the ranker's popularity feature). */
  public FeedRanker.Popularity popularity() {
    return id -> popularity[Integer.parseInt(id)];
  }

  private void nearest(List<Candidate> out, float[] query, Source source, int[] history) {
    double[] scores = index.scores(query);
    for (int i : TopK.of(scores, config.perSource(), history)) {
      out.add(candidate(i, source, scores[i]));
    }
  }

  /** Items co-visited with the user's last {@code recent} items, the latest counting most (raw weights; the pipeline scales them). */
  private List<Candidate> coVisited(int[] history) {
    double[] scores = new double[index.size()];
    int from = Math.max(0, history.length - config.recent());
    for (int n = from; n < history.length; n++) {
      coVisits.addRow(history[n], 1.0 / (history.length - n), scores);
    }
    List<Candidate> out = new ArrayList<>();
    for (int i : TopK.of(scores, config.perSource(), history)) {
      if (scores[i] > 0) {
        out.add(candidate(i, Source.of(Source.CO_VISIT), scores[i]));
      }
    }
    return out;
  }

  /** What the sequence model says comes next, as serving's {@code sequence} source does: likelihood relative to the best. */
  private List<Candidate> sequenced(int[] history) {
    List<Candidate> out = new ArrayList<>();
    if (config.sequence() == null || history.length == 0) {
      return out;
    }
    float[] f = config.sequence().scores(history);
    double[] scores = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      scores[i] = f[i];
    }
    int[] top = TopK.of(scores, config.perSource(), history);
    if (top.length == 0) {
      return out;
    }
    double best = scores[top[0]];
    for (int i : top) {
      out.add(candidate(i, Source.of(Source.SEQUENCE), Math.exp(scores[i] - best)));
    }
    return out;
  }

  private Candidate candidate(int item, Source source, double similarity) {
    String id = Integer.toString(item);
    return new Candidate(id, id, List.of(), index.vector(item), new ArrayList<>(List.of(new Candidate.Hit(source, similarity))), 0);
  }
}
