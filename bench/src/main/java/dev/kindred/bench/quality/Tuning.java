package dev.kindred.bench.quality;

import dev.kindred.bench.quality.LeaveOneOut.Phase;
import dev.kindred.recsys.FeedRanker;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Chooses Kindred's score weights on the validation targets (second-to-last items) of a sample of
 * users, never on test targets: for each co-visit variant (window, seed items) each user's profile
 * and candidates are built once, then ranked under every point of a small weight grid (λ 0 so
 * that the weights alone are judged).
 */
final class Tuning {

  static final int PER_SOURCE = 50;
  static final int RECENT = 5;

  private Tuning() {
  }

  static KindredRecommender.Config tune(Known valid, LeaveOneOut split, int sampleSize) {
    List<Integer> users = QualityBench.sample(split.users(), sampleSize);
    KindredRecommender.Config best = null;
    double bestNdcg = -1;
    for (int window : new int[] {3, 0}) {
      for (int recent : new int[] {5, 1000}) {
        KindredRecommender r = new KindredRecommender(valid, new KindredRecommender.Config(
            FeedRanker.Weights.defaults(), 0, PER_SOURCE, recent, window, QualityBench.gap()));
        List<KindredRecommender.Prepared> prepared = users.parallelStream()
            .map(u -> r.prepare(split.history(u, Phase.VALIDATION))).toList();
        for (double session : new double[] {0, 0.5, 1, 2}) {
          for (double coVisit : new double[] {0, 0.5, 1, 2, 4}) {
            for (double popularity : new double[] {0, 0.2, 0.5, 1}) {
              FeedRanker.Weights w = new FeedRanker.Weights(1, session, coVisit, popularity);
              double ndcg = validationNdcg(valid, split, users, r, prepared, w);
              if (ndcg > bestNdcg) {
                bestNdcg = ndcg;
                best = r.config().with(w, QualityBench.TENANT_LAMBDA);
              }
            }
          }
        }
      }
    }
    System.err.printf(Locale.ROOT, "validation NDCG@10 %.4f with %s%n", bestNdcg, best);
    return best;
  }

  /**
   * Kindred with a sequence model: the tuned configuration plus the {@code sequence} source, its
   * weight chosen with the co-visit weight (both say what others did next) on the same validation
   * targets; the other weights stay as tuned.
   */
  static KindredRecommender.Config withSequence(Known valid, LeaveOneOut split, int sampleSize,
      KindredRecommender.Config tuned, dev.kindred.recsys.sequence.SasRec model) {
    List<Integer> users = QualityBench.sample(split.users(), sampleSize);
    KindredRecommender r = new KindredRecommender(valid, tuned.with(tuned.weights(), 0).withSequence(model));
    List<KindredRecommender.Prepared> prepared = users.parallelStream()
        .map(u -> r.prepare(split.history(u, Phase.VALIDATION))).toList();
    FeedRanker.Weights t = tuned.weights();
    KindredRecommender.Config best = null;
    double bestNdcg = -1;
    for (double sequence : new double[] {0, 0.5, 1, 2, 4, 8}) {
      for (double coVisit : new double[] {0, 0.5, 1, 2, 4}) {
        FeedRanker.Weights w = new FeedRanker.Weights(t.interest(), t.session(), coVisit, t.popularity(), sequence);
        double ndcg = validationNdcg(valid, split, users, r, prepared, w);
        if (ndcg > bestNdcg) {
          bestNdcg = ndcg;
          best = tuned.with(w, tuned.lambda()).withSequence(model);
        }
      }
    }
    System.err.printf(Locale.ROOT, "with the sequence model: validation NDCG@10 %.4f with %s%n", bestNdcg, best.weights());
    return best;
  }

  /** NDCG@10 of the validation targets of {@code users} (profiles and candidates prepared once) ranked under {@code w}, λ 0. */
  private static double validationNdcg(Known valid, LeaveOneOut split, List<Integer> users, KindredRecommender r,
      List<KindredRecommender.Prepared> prepared, FeedRanker.Weights w) {
    RankingMetrics m = new RankingMetrics(valid.items(), null, valid.popularity(), valid.users());
    IntStream.range(0, users.size()).parallel().forEach(n -> m.add(
        r.rank(prepared.get(n), w, 0, QualityBench.K), split.target(users.get(n), Phase.VALIDATION)));
    return m.ndcg(10);
  }
}
