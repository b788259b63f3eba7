package dev.kindred.bench.quality;

import dev.kindred.bench.Args;
import dev.kindred.bench.quality.LeaveOneOut.Phase;
import dev.kindred.recsys.FeedRanker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bin/kindred bench quality --dataset DIR --format FORMAT}: leave-one-out, full ranking,
 * Kindred next to Popularity, ItemKNN and embedding-only nearest neighbours on the same split in
 * the same run; Kindred's score weights are chosen on the validation targets only. Writes a
 * Markdown report and a PNG chart under {@code bench/results/} and ends with one summary line.
 */
public final class QualityBench {

  static final int K = 20;
  static final double TENANT_LAMBDA = 0.3;
  static final int COLD = 3;

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("out", "bench/results", "tune-users", "1500"), "dataset", "format");
    if (!a.containsKey("dataset") || !a.containsKey("format")) {
      throw new IllegalArgumentException("usage: --dataset DIR --format movielens-100k|movielens-latest|s3rec|amazon-json");
    }
    Path dir = Path.of(a.get("dataset"));
    String format = a.get("format");
    Path out = Path.of(a.get("out"));
    int tuneUsers = Integer.parseInt(a.get("tune-users"));
    long t0 = System.nanoTime();
    Dataset data = DatasetLoader.load(dir, format);
    LeaveOneOut split = new LeaveOneOut(data);
    System.err.printf("%s: %d users (%d evaluated), %d items, %d interactions, text: %s%n", data.name(),
        data.sequences().size(), split.users().size(), data.items(), data.interactions(), data.hasText());
    float[][] textVectors = data.hasText() ? ItemVectors.ofText(data.texts(), out.resolve("cache")) : null;

    Known valid = known(data, split, Phase.VALIDATION, textVectors);
    KindredRecommender.Config tuned = Tuning.tune(valid, split, tuneUsers);
    System.err.println("tuned on validation: " + tuned);

    // A learned ranker on the validation targets of every user (it has more to fit than the weights).
    ResourceMeter meter = ResourceMeter.start();
    dev.kindred.recsys.learning.LambdaMart.Outcome learned = LearnedRanking.train(valid, split, tuned,
        split.users().size());
    String trainingCost = meter.stop();
    if (learned != null) {
      System.err.printf(Locale.ROOT, "LambdaMART: validation NDCG@10 %.4f vs weighted %.4f on %d held-out users (%s); "
              + "feature rows + training: %s%n", learned.candidateNdcg(), learned.currentNdcg(), learned.validationRequests(),
          learned.promote() ? "would be promoted" : "would not be promoted", trainingCost);
    }

    Known test = known(data, split, Phase.TEST, textVectors);
    // SASRec, trained as its authors do: on every sequence without its last two items, stopping on the
    // validation items; the same model then proposes Kindred's `sequence` candidates (weight tuned on them).
    SasRecRecommender sasrec = new SasRecRecommender(test, SasRecRecommender.configFor(data.name()));
    KindredRecommender.Config withSequence = Tuning.withSequence(valid, split, tuneUsers, tuned, sasrec.model());
    QualityReport report = new QualityReport();
    Map<String, Function<Known, Recommender>> methods = new java.util.LinkedHashMap<>();
    methods.put("Kindred", k -> new KindredRecommender(k, tuned));
    methods.put("Kindred, no MMR", k -> new KindredRecommender(k, tuned.with(tuned.weights(), 0)));
    if (learned != null) {
      methods.put("Kindred + LambdaMART", k -> new KindredRecommender(k, tuned.withRanker(
          new dev.kindred.inference.embedded.XGBoostRanker("lambdamart", learned.model()))));
    }
    methods.put("Kindred + SASRec", k -> new KindredRecommender(k, withSequence));
    methods.put("SASRec (Kindred's)", k -> sasrec);
    methods.put("Popularity", PopularityRecommender::new);
    methods.put("ItemKNN", ItemKnnRecommender::new);
    methods.put("Next-item transitions", TransitionRecommender::new);
    methods.put(data.hasText() ? "Embedding NN (text)" : "Embedding NN (behaviour)", EmbeddingRecommender::new);
    for (Map.Entry<String, Function<Known, Recommender>> m : methods.entrySet()) {
      long s = System.nanoTime();
      Recommender r = m.getValue().apply(test);
      RankingMetrics all = metrics(test);
      RankingMetrics cold = data.hasText() ? metrics(test) : null;
      RankingMetrics cut = data.hasText() ? metrics(test) : null;
      split.users().parallelStream().forEach(u -> {
        int[] history = split.history(u, Phase.TEST);
        int target = split.target(u, Phase.TEST);
        int[] top = r.recommend(history, K);
        all.add(top, target);
        if (cold != null && history.length <= COLD) {
          cold.add(top, target);
        }
        if (cut != null) {
          // A new user: only the latest three events are known (the catalogue's behaviour stays known).
          cut.add(r.recommend(Arrays.copyOfRange(history, Math.max(0, history.length - COLD), history.length), K), target);
        }
      });
      report.add(m.getKey(), all, cold, cut);
      System.err.printf(Locale.ROOT, "%-26s HR@10 %.4f NDCG@10 %.4f  (%.1f s)%n", m.getKey(), all.hr(10), all.ndcg(10),
          (System.nanoTime() - s) / 1e9);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    List<PublishedRows.Row> published = PublishedRows.forDataset(data.name() + " " + dir);
    RankingMetrics pop = report.metrics("Popularity");
    boolean checkFailed = false;
    if (PublishedRows.isLastFm(data.name() + " " + dir)) {
      // S3-Rec's PopRec row: if the leak-free popularity baseline is far from it, the protocol is wrong.
      checkFailed = Math.abs(pop.hr(10) - 0.0440) > 0.006 || Math.abs(pop.ndcg(10) - 0.0203) > 0.004;
      report.note(String.format(Locale.ROOT, "Protocol check: Popularity HR@10 %.4f / NDCG@10 %.4f vs published PopRec "
          + "0.0440 / 0.0203: %s.", pop.hr(10), pop.ndcg(10), checkFailed ? "FAILED" : "within tolerance"));
    }
    report.note("Signals available: " + (data.hasText()
        ? "item text (all-MiniLM-L6-v2 embeddings), behaviour (co-visitation, popularity)"
        : "behaviour only (no item text): item vectors are behaviour embeddings (rank-64 subspace of the user×item "
          + "matrix of known sequences), co-visitation, popularity"));
    report.note("Kindred: co-visit window " + (tuned.window() == 0 ? "whole history" : tuned.window() + " positions")
        + ", seeded by the last " + tuned.recent() + " items; score weights " + tuned.weights()
        + " chosen on the validation targets ("
        + Math.min(tuneUsers, split.users().size()) + " users); MMR λ " + tuned.lambda()
        + " (the tenant default), per-interest slot caps; exploration off. 'no MMR' = λ 0, same weights.");
    if (learned != null) {
      report.note(String.format(Locale.ROOT, "Kindred + LambdaMART: XGBoost rank:ndcg on the feature rows serving logs "
          + "(%s), trained on the validation targets of %d users, judged on %d more: NDCG@10 %.4f vs the weighted "
          + "score's %.4f — %s by the worker's promotion rule. Same candidates, MMR and caps as Kindred.",
          String.join(", ", dev.kindred.recsys.FeedRanker.FEATURES), learned.trainRequests(),
          learned.validationRequests(), learned.candidateNdcg(), learned.currentNdcg(),
          learned.promote() ? "promoted" : "not promoted") + " Feature rows + training on this machine: " + trainingCost + ".");
    }
    report.note(String.format(Locale.ROOT, "SASRec (Kindred's): recsys's own transformer (pure Java, Vector API kernels): "
        + "%d blocks, d=%d, last %d items, dropout %.1f, full-softmax cross-entropy, Adam; %s. Kindred + SASRec: "
        + "Kindred with the `sequence` source from this model, weights %s chosen on the validation targets.",
        sasrec.model().blocks(), sasrec.model().dim(), sasrec.model().maxLength(), sasrec.config().dropout(),
        sasrec.cost(), withSequence.weights()));
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    String slug = data.name().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    Path png = out.resolve("quality-" + slug + "-" + stamp + ".png");
    report.chart(png, "NDCG@10 — " + data.name() + " (leave-one-out, full ranking)", published);
    String header = String.format(Locale.ROOT, """
        # Quality — %s (%s)

        Machine: %d cores, date %s. Wall time %.0f s, peak heap %d MiB.
        Dataset: %d users (%d evaluated: ≥3 interactions), %d items, %d interactions.
        Protocol: leave-one-out by time (last item test, second-to-last validation), full ranking over all %d items,
        the user's own history excluded; popularity and co-occurrence counted over the known sequences only.
        Chart: %s
        """, data.name(), format, Runtime.getRuntime().availableProcessors(), Instant.now(), wall, peakHeapMiB(),
        data.sequences().size(), split.users().size(), data.items(), data.interactions(), data.items(),
        png.getFileName());
    String md = report.markdown(header, published);
    RankingMetrics kin = report.metrics("Kindred");
    String embedding = data.hasText() ? "Embedding NN (text)" : "Embedding NN (behaviour)";
    String summary = String.format(Locale.ROOT, "quality dataset=%s users=%d ndcg10.kindred=%.4f ndcg10.popularity=%.4f "
        + "ndcg10.itemknn=%.4f ndcg10.embedding=%.4f ndcg10.transitions=%.4f ndcg10.sasrec=%.4f "
        + "ndcg10.kindred_sasrec=%.4f hr10.kindred=%.4f", data.name(),
        split.users().size(), kin.ndcg(10), pop.ndcg(10), report.metrics("ItemKNN").ndcg(10),
        report.metrics(embedding).ndcg(10), report.metrics("Next-item transitions").ndcg(10),
        report.metrics("SASRec (Kindred's)").ndcg(10), report.metrics("Kindred + SASRec").ndcg(10), kin.hr(10));
    Files.writeString(out.resolve("quality-" + slug + "-" + stamp + ".md"), md + "\n" + summary + "\n");
    System.out.println(md);
    System.out.println(summary);
    if (checkFailed) {
      System.exit(3);
    }
  }

  static RankingMetrics metrics(Known k) {
    return new RankingMetrics(k.items(), k.vectors(), k.popularity(), k.users());
  }

  static Known known(Dataset data, LeaveOneOut split, Phase phase, float[][] textVectors) {
    List<int[]> seqs = split.known(phase);
    if (textVectors != null) {
      return Known.of(data.items(), seqs, textVectors);
    }
    Known bare = Known.of(data.items(), seqs, null);
    return Known.of(data.items(), seqs, BehaviourEmbeddings.of(bare, 64, 4, 7));
  }

  static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }

  /** Gap between synthetic event times when a dataset has none we use. */
  static Duration gap() {
    return Duration.ofMinutes(15);
  }

  static List<Integer> sample(List<Integer> users, int n) {
    if (users.size() <= n) {
      return users;
    }
    List<Integer> out = new ArrayList<>(users);
    java.util.Collections.shuffle(out, new java.util.Random(11));
    return out.subList(0, n);
  }
}
