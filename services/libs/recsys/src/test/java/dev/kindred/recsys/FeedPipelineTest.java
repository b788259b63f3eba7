package dev.kindred.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kindred.inference.Vectors;
import dev.kindred.interest.InterestCluster;
import dev.kindred.interest.InterestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The feed pipeline serving and the quality bench share: merging, scaling and cutting proposals; exploration slots. */
class FeedPipelineTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void proposalsAreMergedPerItemCoVisitsScaledToTheBestAndEachSourceCut() {
    List<Candidate> nearest = List.of(hit("a", Source.interest(1), 0.9), hit("b", Source.of(Source.SESSION), 0.8),
        hit("x", Source.explore(5), 0.7));
    List<Candidate> coVisited = List.of(hit("c", Source.of(Source.CO_VISIT), 2), hit("a", Source.of(Source.CO_VISIT), 8),
        hit("d", Source.of(Source.CO_VISIT), 1));
    List<Candidate> sequenced = List.of(hit("e", Source.of(Source.SEQUENCE), 0.2), hit("f", Source.of(Source.SEQUENCE), 1),
        hit("g", Source.of(Source.SEQUENCE), 0.5));
    List<Candidate> out = FeedPipeline.candidates(new FeedPipeline.Proposals(nearest, coVisited, sequenced), 2);
    // a (interest + co-visit), b, c (the second co-visit; d is cut), f and g (the likelier sequence items; e is cut),
    // then x aside.
    assertThat(out).extracting(Candidate::itemId).containsExactly("a", "b", "c", "f", "g", "x");
    Candidate a = out.get(0);
    assertThat(a.hits()).extracting(h -> h.source().id()).containsExactly("interest/1", "co-visit");
    assertThat(a.hits().get(1).similarity()).isCloseTo(1.0, within(1e-9));
    assertThat(out.get(2).hits().get(0).similarity()).isCloseTo(0.25, within(1e-9));
    assertThat(out.get(5).hits()).hasSize(1);
  }

  @Test
  void theRankedListGetsItsExplorationSlotsFromTheDrawnAreasOnly() {
    InterestProfile p = InterestProfile.restore("u", List.of(new InterestCluster(1, v(1, 0, 0), 4, T0)), List.of(), 3,
        null, 0, null, T0);
    List<Candidate> candidates = FeedPipeline.candidates(new FeedPipeline.Proposals(List.of(
        hit("a", Source.interest(1), 0.9, v(1, 0, 0)), hit("b", Source.interest(1), 0.8, v(1, 0.1f, 0)),
        hit("c", Source.interest(1), 0.7, v(1, 0.2f, 0)), hit("seen", Source.interest(1), 0.95, v(1, 0, 0.1f)),
        hit("x5", Source.explore(5), 0.6, v(0, 1, 0)), hit("x6", Source.explore(6), 0.9, v(0, 0, 1))),
        List.of(), List.of()), 10);
    FeedPipeline.Request request = new FeedPipeline.Request(p, id -> !id.equals("seen"), id -> 0, FeedRanker.Boosts.NONE,
        0, 3, new WeightedRanker(new FeedRanker.Weights(1, 0.5, 2, 4, 3)), Map.of(), List.of(5), new Random(1));
    FeedPipeline.Feed feed = FeedPipeline.rank(request, candidates);
    assertThat(feed.items()).hasSize(3);
    assertThat(feed.items().get(0).itemId()).isEqualTo("a");
    assertThat(feed.items()).extracting(Candidate::itemId).contains("x5").doesNotContain("x6", "seen");
    assertThat(feed.explored()).extracting(Candidate::itemId).containsExactly("x5");
    // Ranked items have feature rows; the exploration slot was not ranked.
    assertThat(feed.rows()).containsKeys("a", "b").doesNotContainKey("x5");
    // Offline: no areas drawn, no exploration.
    FeedPipeline.Feed offline = FeedPipeline.rank(FeedPipeline.Request.offline(p, id -> !id.equals("seen"), id -> 0, 0, 3,
        request.ranker()), candidates);
    assertThat(offline.items()).extracting(Candidate::itemId).containsExactly("a", "b", "c");
    assertThat(offline.explored()).isEmpty();
  }

  private static Candidate hit(String id, Source s, double sim) {
    return hit(id, s, sim, v(1, 0, 0));
  }

  private static Candidate hit(String id, Source s, double sim, float[] vector) {
    return new Candidate(id, id, List.of(), vector, List.of(new Candidate.Hit(s, sim)), 0);
  }

  private static float[] v(float... x) {
    return Vectors.normalize(x.clone());
  }
}
