package dev.kindred.recsys;

import dev.kindred.inference.Ranker;
import dev.kindred.interest.InterestProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The one way a home feed is built from what its sources proposed. Serving (recommend's
 * {@code FeedService}, which reads the proposals from PostgreSQL) and the offline quality bench
 * ({@code KindredRecommender}, which computes them in memory) both call it, so what the bench
 * measures is what is served. Two steps:
 * <ol>
 * <li>{@link #candidates}: the nearest-neighbour hits (interests, session) and the co-visit and
 * sequence proposals merged per item — co-visit scores relative to the best one, each of those two
 * sources cut to its best {@code perSource}; exploration hits kept aside, unmerged;</li>
 * <li>{@link #rank}: {@link FeedRanker} filters, scores, drops near-negatives and diversifies; then
 * the exploration slots drawn for the request are filled from their areas and placed at random
 * positions after the first.</li>
 * </ol>
 */
public final class FeedPipeline {

  private FeedPipeline() {
  }

  /**
   * Candidates each source proposes for a list of {@code count}: twice the list and ten more —
   * enough for filters, caps and MMR to choose from, while every extra row is a vector to read.
   */
  public static int perSource(int count) {
    return count * 2 + 10;
  }

  /**
   * What the sources proposed, each candidate carrying the one hit of its source: {@code nearest}
   * from the interests, the session and the exploration areas (similarity); {@code coVisited} with
   * its raw co-visit weight; {@code sequenced} with its likelihood relative to the best.
   */
  public record Proposals(List<Candidate> nearest, List<Candidate> coVisited, List<Candidate> sequenced) {
  }

  /** The list's candidates: merged per item, then the exploration hits (not merged: they fill their own slots). */
  public static List<Candidate> candidates(Proposals p, int perSource) {
    CandidatePool pool = new CandidatePool();
    List<Candidate> exploring = new ArrayList<>();
    for (Candidate x : p.nearest()) {
      if (exploring(x)) {
        exploring.add(x);
      } else {
        pool.add(x);
      }
    }
    List<Candidate> coVisited = best(p.coVisited(), perSource);
    double top = coVisited.isEmpty() ? 0 : coVisited.get(0).best().similarity();
    for (Candidate x : coVisited) {
      if (top > 0 && x.best().similarity() > 0) {
        pool.add(withSimilarity(x, x.best().similarity() / top));
      }
    }
    pool.addAll(best(p.sequenced(), perSource));
    List<Candidate> out = pool.candidates();
    out.addAll(exploring);
    return out;
  }

  /**
   * What one list is ranked under: who for, what they may be shown, the popularity and boost
   * signals, the diversity trade-off, the ranker, the request's context, and the exploration areas
   * drawn for it (none offline) with the randomness that places them.
   */
  public record Request(InterestProfile profile, Predicate<String> allowed, FeedRanker.Popularity popularity,
      FeedRanker.Boosts boosts, double lambda, int count, Ranker ranker, Map<String, String> context,
      List<Integer> arms, Random rng) {

    /** Offline: no boosts, no context, no exploration. */
    public static Request offline(InterestProfile profile, Predicate<String> allowed, FeedRanker.Popularity popularity,
        double lambda, int count, Ranker ranker) {
      return new Request(profile, allowed, popularity, FeedRanker.Boosts.NONE, lambda, count, ranker, Map.of(), List.of(),
          null);
    }
  }

  /** The list in order; which of its items fill exploration slots; each ranked item's feature row. */
  public record Feed(List<Candidate> items, List<Candidate> explored, Map<String, float[]> rows) {
  }

  public static Feed rank(Request r, List<Candidate> candidates) {
    List<Candidate> ranked = new ArrayList<>();
    List<Candidate> exploring = new ArrayList<>();
    for (Candidate x : candidates) {
      (exploring(x) ? exploring : ranked).add(x);
    }
    Map<String, float[]> rows = new HashMap<>();
    List<Candidate> chosen = new ArrayList<>(FeedRanker.rank(r.profile(), ranked, r.allowed(), r.popularity(), r.boosts(),
        r.lambda(), r.count(), r.ranker(), r.context(), rows));
    List<Candidate> explored = r.arms().isEmpty() ? List.of()
        : ExploreSlots.pick(exploring, r.arms(), chosen, r.allowed(), r.profile());
    if (!explored.isEmpty()) {
      ExploreSlots.place(chosen, explored, r.count(), r.rng());
    }
    return new Feed(chosen, explored, rows);
  }

  private static boolean exploring(Candidate x) {
    return Source.EXPLORE.equals(x.best().source().kind());
  }

  /** The {@code n} with the highest similarity, best first. */
  private static List<Candidate> best(List<Candidate> proposed, int n) {
    List<Candidate> sorted = new ArrayList<>(proposed);
    sorted.sort(Comparator.comparingDouble((Candidate x) -> -x.best().similarity()));
    return sorted.size() > n ? sorted.subList(0, n) : sorted;
  }

  private static Candidate withSimilarity(Candidate x, double similarity) {
    return new Candidate(x.itemId(), x.title(), x.categories(), x.vector(),
        List.of(new Candidate.Hit(x.best().source(), similarity)), x.score(), x.addedAt());
  }
}
