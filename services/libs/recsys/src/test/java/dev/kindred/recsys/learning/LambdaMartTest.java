package dev.kindred.recsys.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.embedded.XGBoostRanker;
import dev.kindred.inference.embedded.XGBoostTrainer;
import dev.kindred.recsys.FeedRanker;
import dev.kindred.recsys.WeightedRanker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LambdaMartTest {

  private static final String[] F = FeedRanker.FEATURES;
  private static final int NOVELTY = java.util.List.of(F).indexOf("novelty");
  private static final WeightedRanker WEIGHTED = new WeightedRanker(FeedRanker.Weights.defaults());

  /**
   * Simulated impressions where users click what is novel to them (column "novelty") rather than
   * what the weighted score puts first (column "interest"): ten items per list.
   */
  private static List<LambdaMart.Request> impressions(int n, long seed, boolean clicksFollowNovelty) {
    Random r = new Random(seed);
    List<LambdaMart.Request> out = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      float[][] rows = new float[10][F.length];
      int best = 0;
      for (int i = 0; i < 10; i++) {
        for (int j = 0; j < F.length; j++) {
          rows[i][j] = r.nextFloat();
        }
        if (rows[i][NOVELTY] > rows[best][NOVELTY]) {
          best = i;
        }
      }
      int[] labels = new int[10];
      labels[clicksFollowNovelty ? best : r.nextInt(10)] = 1 + r.nextInt(3);
      out.add(new LambdaMart.Request("r" + q, Instant.ofEpochSecond(1_700_000_000L + q * 60L), rows, labels));
    }
    return out;
  }

  @Test
  void ndcgIsComputedAsPublished() {
    assertThat(LambdaMart.ndcg(new int[] {3, 2, 0}, 10)).isEqualTo(1.0);
    // One relevant item (gain 1) at rank 2: 1/log2(3).
    assertThat(LambdaMart.ndcg(new int[] {0, 1, 0}, 10)).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-9));
    assertThat(LambdaMart.ndcg(new int[] {0, 0}, 10)).isZero();
    assertThat(LambdaMart.ndcg(new int[] {0, 1}, 1)).isZero();
  }

  @Test
  void aModelThatLearnsWhatUsersDoIsPromotedAndExplainsItselfWithShap() {
    LambdaMart.Outcome o = LambdaMart.train(impressions(400, 1, true), F, WEIGHTED, XGBoostTrainer.Params.defaults());
    assertThat(o.trainRequests()).isEqualTo(320);
    assertThat(o.validationRequests()).isEqualTo(80);
    assertThat(o.candidateNdcg()).isGreaterThan(o.currentNdcg() + 0.2);
    assertThat(o.promote()).isTrue();
    try (XGBoostRanker learned = new XGBoostRanker("lambdamart", o.model())) {
      float[] a = new float[F.length];
      float[] b = new float[F.length];
      a[NOVELTY] = 0.9f;
      b[NOVELTY] = 0.1f;
      b[0] = 0.9f;
      FeatureMatrix m = new FeatureMatrix(F, 2, concat(a, b));
      float[] scores = learned.score(m);
      assertThat(scores[0]).isGreaterThan(scores[1]);
      // SHAP: one value per feature and the bias, summing to the score; novelty carries the decision.
      float[][] shap = learned.contributions(m);
      assertThat(shap[0]).hasSize(F.length + 1);
      float sum = 0;
      for (float v : shap[0]) {
        sum += v;
      }
      assertThat(sum).isCloseTo(scores[0], within(1e-3f));
      assertThat(shap[0][NOVELTY] - shap[1][NOVELTY]).isGreaterThan(Math.abs(shap[0][0] - shap[1][0]));
    }
  }

  @Test
  void aModelThatValidatesWorseThanTheCurrentRankerIsNotPromoted() {
    // The current ranker already orders by novelty; the new model learns from random clicks.
    dev.kindred.inference.Ranker byNovelty = new dev.kindred.inference.Ranker() {
      public float[] score(FeatureMatrix m) {
        float[] s = new float[m.rows()];
        for (int i = 0; i < s.length; i++) {
          s[i] = m.get(i, NOVELTY);
        }
        return s;
      }

      public dev.kindred.inference.ModelId modelId() {
        return new dev.kindred.inference.ModelId("novelty", "1");
      }
    };
    List<LambdaMart.Request> noisyPast = impressions(320, 2, false);
    List<LambdaMart.Request> recent = impressions(80, 3, true).stream()
        .map(r -> new LambdaMart.Request(r.recommendationId(), r.at().plusSeconds(86_400 * 30L), r.features(), r.labels()))
        .toList();
    List<LambdaMart.Request> all = new ArrayList<>(noisyPast);
    all.addAll(recent);
    LambdaMart.Outcome o = LambdaMart.train(all, F, byNovelty, XGBoostTrainer.Params.defaults());
    assertThat(o.currentNdcg()).isEqualTo(1.0);
    assertThat(o.candidateNdcg()).isLessThan(o.currentNdcg());
    assertThat(o.promote()).isFalse();
    // Too little labelled data: nothing is trained at all.
    assertThat(LambdaMart.train(impressions(10, 4, true), F, WEIGHTED, XGBoostTrainer.Params.defaults())).isNull();
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
