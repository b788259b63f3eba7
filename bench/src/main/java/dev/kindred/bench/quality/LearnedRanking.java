package dev.kindred.bench.quality;

import dev.kindred.bench.quality.LeaveOneOut.Phase;
import dev.kindred.inference.embedded.XGBoostTrainer;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.WeightedRanker;
import dev.kindred.recsys.learning.LambdaMart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The offline counterpart of the worker's {@code train-ranker}: LambdaMART on the validation
 * targets of a sample of users — each user's candidates (from the same sources serving uses) as
 * one request, the feature rows serving would log, label 1 for the held-out next item — never on
 * test targets. The same promotion rule decides whether it would serve.
 */
final class LearnedRanking {

  private LearnedRanking() {
  }

  static LambdaMart.Outcome train(Known valid, LeaveOneOut split, KindredRecommender.Config tuned, int sampleSize) {
    KindredRecommender r = new KindredRecommender(valid, tuned);
    List<Integer> users = QualityBench.sample(split.users(), sampleSize);
    // One request per user: the validation target after the whole known history. Earlier items
    // after their prefixes were tried and dropped: their co-visit features count the user's own
    // later behaviour (a leak), and the model learned to trust co-visit too much (LastFM test NDCG@10
    // 0.0404 vs 0.0451).
    List<LambdaMart.Request> requests = IntStream.range(0, users.size()).parallel()
        .mapToObj(n -> request(r, split, users.get(n), n)).filter(Objects::nonNull).toList();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return LambdaMart.train(requests, FeedRanker.FEATURES, new WeightedRanker(tuned.weights()),
        new XGBoostTrainer.Params(150, 5, 0.1, threads, 7));
  }

  /** One user's candidates with features and labels; null when the target is not among them (nothing to learn). */
  private static LambdaMart.Request request(KindredRecommender r, LeaveOneOut split, int user, int order) {
    int[] known = split.history(user, Phase.VALIDATION);
    if (known.length < 2) {
      return null;
    }
    KindredRecommender.Prepared p = r.prepare(known);
    String target = Integer.toString(split.target(user, Phase.VALIDATION));
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    boolean found = false;
    for (Candidate c : p.candidates()) {
      if (p.history().contains(c.itemId())) {
        continue;
      }
      rows.add(FeedRanker.featureRow(c, p.profile(), Map.of(), r.popularity()));
      boolean hit = c.itemId().equals(target);
      found |= hit;
      labels.add(hit ? 1 : 0);
    }
    if (!found || rows.size() < 2) {
      return null;
    }
    return new LambdaMart.Request("user-" + user, Instant.ofEpochSecond(order), rows.toArray(float[][]::new),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }
}
