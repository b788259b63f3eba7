package dev.kindred.bench.quality;

import dev.kindred.recsys.sequence.SasRec;
import dev.kindred.recsys.sequence.SasRecConfig;
import dev.kindred.recsys.sequence.SasRecTrainer;
import java.util.Locale;

/**
 * Kindred's SASRec (recsys's hand-written transformer, sampled softmax), trained on the known
 * sequences with their last item held out to choose when to stop, then asked for the next item.
 */
public final class SasRecRecommender implements Recommender {

  private final SasRec model;
  private final SasRecConfig config;
  private final String cost;

  public SasRecRecommender(Known known, SasRecConfig cfg) {
    this(known, cfg, 0);
  }

  /** {@code init}: the length of each item's initial embedding projected from the known item vectors (0: random). */
  public SasRecRecommender(Known known, SasRecConfig cfg, float init) {
    this.config = cfg;
    ResourceMeter meter = ResourceMeter.start();
    float[][] initial = init > 0 && known.vectors() != null
        ? SasRecTrainer.projected(known.vectors(), cfg.dim(), init, cfg.seed()) : null;
    this.model = SasRecTrainer.train(known.sequences(), known.items(), initial, cfg, p -> System.err.printf(Locale.ROOT,
        "  SASRec epoch %d: loss %.4f, validation NDCG@10 %.4f%s (%.0f s)%n", p.epoch(), p.loss(), p.validationNdcg10(),
        p.best() ? " *" : "", p.elapsedMillis() / 1e3));
    this.cost = meter.stop();
  }

  /**
   * The configuration for a dataset: the defaults (full softmax), longer windows where users have
   * long histories (MovieLens) and more dropout on sparse Amazon data, as SASRec's authors did.
   */
  public static SasRecConfig configFor(String dataset) {
    String n = dataset.toLowerCase(Locale.ROOT);
    SasRecConfig base = SasRecConfig.defaults();
    if (n.contains("movielens")) {
      return base.withMaxLength(200).withDropout(0.2f);
    }
    if (n.contains("lastfm")) {
      return base.withDropout(0.2f);
    }
    return base.withDropout(0.5f);
  }

  public SasRecConfig config() {
    return config;
  }

  public SasRec model() {
    return model;
  }

  /** "epochs kept, validation NDCG, training wall time and memory". */
  public String cost() {
    return String.format(Locale.ROOT, "kept epoch %d (validation NDCG@10 %.4f); training %s", model.trainedEpochs(),
        model.validationNdcg(), cost);
  }

  @Override
  public int[] recommend(int[] history, int k) {
    if (history.length == 0) {
      return new int[0];
    }
    float[] f = model.scores(history);
    double[] scores = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      scores[i] = f[i];
    }
    return TopK.of(scores, k, history);
  }
}
