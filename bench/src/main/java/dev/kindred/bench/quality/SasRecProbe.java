package dev.kindred.bench.quality;

import dev.kindred.bench.quality.LeaveOneOut.Phase;
import dev.kindred.recsys.sequence.SasRecConfig;
import java.nio.file.Path;
import java.util.Locale;

/** Development probe: SASRec alone on one dataset's test phase, with configuration overrides. */
public final class SasRecProbe {

  public static void main(String[] argv) throws Exception {
    Dataset data = DatasetLoader.load(Path.of(argv[0]), argv[1]);
    LeaveOneOut split = new LeaveOneOut(data);
    SasRecConfig cfg = SasRecRecommender.configFor(data.name());
    float init = 0;
    for (int i = 2; i + 1 < argv.length; i += 2) {
      String v = argv[i + 1];
      if (argv[i].equals("init")) {
        init = Float.parseFloat(v);
        continue;
      }
      cfg = switch (argv[i]) {
        case "len" -> cfg.withMaxLength(Integer.parseInt(v));
        case "drop" -> cfg.withDropout(Float.parseFloat(v));
        case "neg" -> cfg.withNegatives(Integer.parseInt(v));
        case "epochs" -> cfg.withEpochs(Integer.parseInt(v), cfg.evalEvery());
        case "dim" -> cfg.withDim(Integer.parseInt(v));
        case "lr" -> cfg.withLearningRate(Float.parseFloat(v));
        default -> throw new IllegalArgumentException(argv[i]);
      };
    }
    System.err.println(data.name() + " " + cfg);
    Known test = init > 0 ? QualityBench.known(data, split, Phase.TEST, data.hasText()
        ? ItemVectors.ofText(data.texts(), Path.of("bench/results/cache")) : null)
        : Known.of(data.items(), split.known(Phase.TEST), null);
    SasRecRecommender r = new SasRecRecommender(test, cfg, init);
    RankingMetrics all = new RankingMetrics(data.items(), null, test.popularity(), test.users());
    split.users().parallelStream().forEach(u -> all.add(r.recommend(split.history(u, Phase.TEST), 20),
        split.target(u, Phase.TEST)));
    System.err.printf(Locale.ROOT, "SASRec HR@10 %.4f NDCG@10 %.4f — %s%n", all.hr(10), all.ndcg(10), r.cost());
  }
}
