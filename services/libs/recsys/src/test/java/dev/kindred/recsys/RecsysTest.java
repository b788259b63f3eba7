package dev.kindred.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import dev.kindred.interest.InterestLabel;
import dev.kindred.interest.SupportingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Candidate merging, MMR and explanations with hand-made unit vectors. */
class RecsysTest {

  private static final Instant T0 = Instant.parse("2026-11-20T18:00:00Z");

  @Test
  void candidatesFromSeveralSourcesMergeAndKeepEverySource() {
    CandidatePool pool = new CandidatePool();
    pool.add(candidate("a", v(1, 0, 0), 0.5, Source.interest(1), 0.9));
    pool.add(candidate("a", v(1, 0, 0), 0.7, Source.of(Source.TRENDING), 0.1));
    pool.add(candidate("b", v(0, 1, 0), 0.4, Source.interest(2), 0.8));
    assertThat(pool.size()).isEqualTo(2);
    Candidate a = pool.candidates().get(0);
    assertThat(a.hits()).extracting(h -> h.source().id()).containsExactly("interest/1", "trending");
    assertThat(a.best().source().id()).isEqualTo("interest/1");
    assertThat(a.score()).isEqualTo(0.7);
  }

  @Test
  void mmrTradesScoreForVarietyAndLambdaZeroIsPlainRanking() {
    List<Candidate> cs = new ArrayList<>();
    cs.add(candidate("tent-1", v(1, 0.05f, 0), 1.0, Source.interest(1), 0.9));
    cs.add(candidate("tent-2", v(1, 0.02f, 0), 0.95, Source.interest(1), 0.9));
    cs.add(candidate("tent-3", v(1, 0.01f, 0), 0.9, Source.interest(1), 0.9));
    cs.add(candidate("coffee", v(0, 1, 0), 0.6, Source.interest(2), 0.8));
    cs.add(candidate("book", v(0, 0, 1), 0.5, Source.interest(3), 0.7));
    List<Candidate> plain = Mmr.rerank(cs, 0, 3);
    List<Candidate> diverse = Mmr.rerank(cs, 0.5, 3);
    assertThat(plain).extracting(Candidate::itemId).containsExactly("tent-1", "tent-2", "tent-3");
    assertThat(diverse).extracting(Candidate::itemId).containsExactly("tent-1", "coffee", "book");
    assertThat(Mmr.intraListSimilarity(diverse)).isLessThan(Mmr.intraListSimilarity(plain));
    // A cap keeps one interest from taking the whole list even without diversity pressure.
    assertThat(Mmr.rerank(cs, 0, 3, Map.of("interest/1", 2))).extracting(Candidate::itemId)
        .containsExactly("tent-1", "tent-2", "coffee");
  }

  @Test
  void anInterestExplanationCitesOnlyTheNearestRealSupportingEvents() {
    InterestCluster cluster = InterestCluster.restore(1, v(1, 0, 0), 5, T0, 3, T0, T0.plusSeconds(120), List.of(
            new SupportingEvent(3, "search", null, "waterproof tent", T0.plusSeconds(120)),
            new SupportingEvent(2, "purchase", "tent", "Ultralight tent", T0.plusSeconds(60)),
            new SupportingEvent(1, "view", "stove", "Camping stove", T0)),
        Map.of(), new InterestLabel(List.of("Camping"), InterestLabel.TAXONOMY, 0.7), false);
    Map<String, float[]> vectors = Map.of("stove", v(1, 0, 1), "tent", v(1, 0.1f, 0), "waterproof tent", v(1, 0.2f, 0));
    Candidate rec = candidate("tent-2", v(1, 0.12f, 0), 0.9, Source.interest(1), 0.95);

    Explanation e = new Explainer(2).explain(rec, cluster, vectors);
    assertThat(e.source()).isEqualTo("interest/1");
    assertThat(e.because()).extracting(SupportingEvent::seq).containsExactly(2L, 3L);
    assertThat(e.sentence()).isEqualTo("Because you bought 'Ultralight tent' and searched for 'waterproof tent' — Camping.");
    // Faithful: every cited event is one of the cluster's real supports, nearest first.
    assertThat(cluster.support()).containsAll(e.because());
    double first = Vectors.dot(vectors.get("tent"), rec.vector());
    double notCited = Vectors.dot(vectors.get("stove"), rec.vector());
    assertThat(first).isGreaterThan(notCited);
  }

  @Test
  void trendingAndExplorationSayWhatTheyAre() {
    Explainer x = new Explainer(3);
    InterestCluster hiking = new InterestCluster(4, v(0, 1, 0), 2, T0);
    hiking.label(new InterestLabel(List.of("Hiking"), InterestLabel.TAXONOMY, 0.6));
    assertThat(x.explain(candidate("p", v(0, 0, 1), 1, Source.of(Source.TRENDING), 0), null, Map.of()).sentence())
        .isEqualTo("Popular right now.");
    assertThat(x.explain(candidate("q", v(0, 1, 0), 1, Source.explore(4), 0.5), hiking, Map.of()).sentence())
        .isEqualTo("Something new, near your interest in Hiking.");
    // No support vector known: the sentence names the interest and cites nothing.
    Explanation bare = x.explain(candidate("r", v(0, 1, 0), 1, Source.interest(4), 0.8), hiking, Map.of());
    assertThat(bare.because()).isEmpty();
    assertThat(bare.sentence()).isEqualTo("Close to your interest in Hiking.");
  }

  @Test
  void eachCandidateGetsAFeatureRowAndAnyRankerCanScoreIt() {
    InterestProfile p = InterestProfile.restore("u", List.of(new InterestCluster(1, v(1, 0, 0), 4, T0),
        new InterestCluster(2, v(0, 1, 0), 2, T0)), List.of(), 3, null, 0, null, T0);
    Candidate near = candidate("near", v(1, 0, 0), 0, Source.interest(1), 1.0);
    Candidate between = new Candidate("between", "between", List.of(), v(1, 1, 0),
        List.of(new Candidate.Hit(Source.interest(1), 0.7), new Candidate.Hit(Source.of(Source.CO_VISIT), 0.4),
            new Candidate.Hit(Source.of(Source.SEQUENCE), 0.3)), 0,
        java.time.Instant.now().minus(java.time.Duration.ofDays(30)));
    List<InterestCluster> active = FeedRanker.active(p);
    float[] f = FeedRanker.features(between, p, active, Map.of(), id -> 0.25);
    float c = (float) Math.sqrt(0.5);
    // interest: max(cos 0.707 × 1.0 for the top interest, 0.707 × (0.6 + 0.4 × 2/4) = 0.778) = 0.707.
    // recency: in the catalogue for 30 days, one half-life.
    // sequence: the sequence model's relative likelihood; sources: three proposed it.
    assertThat(f).containsExactly(new float[] {c, 0, 0.4f, 0.25f, 0.3f, c, 1 - c, 0, 3, 0.5f}, within(1e-4f));
    // The weighted score weighs only the first five columns.
    FeedRanker.Weights w = new FeedRanker.Weights(1, 0.5, 2, 4, 3);
    float[] scores = new WeightedRanker(w).score(new dev.kindred.inference.FeatureMatrix(FeedRanker.FEATURES, 1, f));
    assertThat(scores[0]).isCloseTo(c + 2 * 0.4f + 4 * 0.25f + 3 * 0.3f, within(1e-5f));
    Map<String, Double> parts = FeedRanker.contributions(between, p, w, Map.of(), id -> 0.25, 2.0);
    assertThat(parts).containsOnlyKeys("interest", "session", "coVisit", "popularity", "sequence", "boost");
    assertThat(parts.get("sequence")).isCloseTo(0.9, within(1e-6));
    // Without a sequence weight (the four-term constructor) the column is read and weighs nothing.
    assertThat(new WeightedRanker(new FeedRanker.Weights(1, 0.5, 2, 4)).score(
        new dev.kindred.inference.FeatureMatrix(FeedRanker.FEATURES, 1, f))[0])
        .isCloseTo(c + 2 * 0.4f + 4 * 0.25f, within(1e-5f));
    // Another ranker over the same rows (here: novelty first) changes the order; boosts multiply its score.
    dev.kindred.inference.Ranker noveltyFirst = new dev.kindred.inference.Ranker() {
      public float[] score(dev.kindred.inference.FeatureMatrix m) {
        float[] out = new float[m.rows()];
        for (int i = 0; i < out.length; i++) {
          out[i] = m.get(i, java.util.List.of(FeedRanker.FEATURES).indexOf("novelty")) + 0.01f;
        }
        return out;
      }

      public dev.kindred.inference.ModelId modelId() {
        return new dev.kindred.inference.ModelId("novelty", "test");
      }
    };
    List<Candidate> both = List.of(near, between);
    assertThat(FeedRanker.rank(p, both, id -> true, id -> 0, FeedRanker.Boosts.NONE, 0, 2, noveltyFirst, Map.of()))
        .extracting(Candidate::itemId).containsExactly("between", "near");
    assertThat(FeedRanker.rank(p, both, id -> true, id -> 0, id -> id.equals("near") ? 1e6 : 1, 0, 2, noveltyFirst,
        Map.of())).extracting(Candidate::itemId).containsExactly("near", "between");
  }

  private static Candidate candidate(String id, float[] vector, double score, Source s, double sim) {
    return new Candidate(id, id, List.of(), vector, List.of(new Candidate.Hit(s, sim)), score);
  }

  private static float[] v(float... x) {
    return Vectors.normalize(x.clone());
  }
}
