package dev.kindred.recommend.quality.service;

import dev.kindred.inference.Vectors;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Online quality of served lists per time bucket, from impressions and the clicks attributed to
 * them: request rate and server latency percentiles, click-through, catalogue coverage,
 * intra-list diversity (mean pairwise cosine distance of the items' embeddings), novelty (mean
 * self-information of the shown items, −log2 of their smoothed share of engagement) and the
 * exploration slots' share and click-through. Pure: the service reads, this counts.
 */
public final class QualityMetrics {

  /** Lists whose diversity is measured per bucket: every k-th list beyond this, so the cost is bounded. */
  static final int DIVERSITY_SAMPLE = 400;

  private QualityMetrics() {}

  /** One served list. */
  public record Shown(String recommendationId, Instant at, String surface, List<String> items, List<String> sources,
      Double servedMs) {}

  /** What the catalogue knows: embeddings of shown items, engagement counts, the number of live items. */
  public record Catalogue(Map<String, float[]> vectors, Map<String, Double> engagement, double totalEngagement,
      long liveItems) {}

  /** One bucket; ratios are null where their denominator is zero. */
  public record Bucket(String start, long requests, double requestsPerSecond, Double p50Ms, Double p99Ms, long shown,
      long clicked, Double ctr, Double coverage, Double diversity, Double novelty, long exploreShown,
      long exploreClicked, Double exploreShare, Double exploreCtr) {}

  /**
   * Buckets of {@code unit} (hours or days, UTC) from {@code from} to {@code now}, empty ones
   * included; {@code clicks} holds {@code recommendationId + '\n' + itemId} of attributed clicks.
   */
  public static List<Bucket> compute(List<Shown> lists, Set<String> clicks, Catalogue catalogue, ChronoUnit unit,
      Instant from, Instant now) {
    Instant first = from.truncatedTo(unit);
    int n = (int) (Duration.between(first, now.truncatedTo(unit)).get(ChronoUnit.SECONDS) / unit.getDuration().getSeconds()) + 1;
    List<List<Shown>> byBucket = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byBucket.add(new ArrayList<>());
    }
    for (Shown s : lists) {
      long i = Duration.between(first, s.at()).getSeconds() / unit.getDuration().getSeconds();
      if (i >= 0 && i < n) {
        byBucket.get((int) i).add(s);
      }
    }
    List<Bucket> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant start = first.plus(unit.getDuration().multipliedBy(i));
      Instant end = start.plus(unit.getDuration());
      double seconds = Math.max(1, Duration.between(start, end.isAfter(now) ? now : end).getSeconds());
      out.add(bucket(start, byBucket.get(i), clicks, catalogue, seconds));
    }
    return out;
  }

  private static Bucket bucket(Instant start, List<Shown> lists, Set<String> clicks, Catalogue catalogue, double seconds) {
    long shown = 0;
    long clicked = 0;
    long exploreShown = 0;
    long exploreClicked = 0;
    double selfInformation = 0;
    Set<String> distinct = new HashSet<>();
    List<Double> latencies = new ArrayList<>();
    for (Shown s : lists) {
      if (s.servedMs() != null) {
        latencies.add(s.servedMs());
      }
      for (int k = 0; k < s.items().size(); k++) {
        String item = s.items().get(k);
        boolean click = clicks.contains(s.recommendationId() + "\n" + item);
        boolean explore = k < s.sources().size() && s.sources().get(k) != null && s.sources().get(k).startsWith("explore/");
        shown++;
        clicked += click ? 1 : 0;
        exploreShown += explore ? 1 : 0;
        exploreClicked += explore && click ? 1 : 0;
        distinct.add(item);
        selfInformation += novelty(item, catalogue);
      }
    }
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Bucket(start.toString(), lists.size(), round(lists.size() / seconds, 4), percentile(sorted, 0.50),
        percentile(sorted, 0.99), shown, clicked, ratio(clicked, shown),
        catalogue.liveItems() == 0 ? null : round(distinct.size() / (double) catalogue.liveItems(), 4),
        diversity(lists, catalogue.vectors()), shown == 0 ? null : round(selfInformation / shown, 3),
        exploreShown, exploreClicked, ratio(exploreShown, shown), ratio(exploreClicked, exploreShown));
  }

  /** −log2 of the item's share of all engagement, add-one smoothed over the catalogue. */
  static double novelty(String item, Catalogue c) {
    double p = (c.engagement().getOrDefault(item, 0.0) + 1) / (c.totalEngagement() + Math.max(1, c.liveItems()));
    return -Math.log(Math.min(1, p)) / Math.log(2);
  }

  /** Mean over lists (of ≥2 embedded items) of the mean pairwise cosine distance. */
  static Double diversity(List<Shown> lists, Map<String, float[]> vectors) {
    int step = Math.max(1, lists.size() / DIVERSITY_SAMPLE);
    double sum = 0;
    int measured = 0;
    for (int i = 0; i < lists.size(); i += step) {
      List<float[]> v = lists.get(i).items().stream().map(vectors::get).filter(x -> x != null).toList();
      if (v.size() < 2) {
        continue;
      }
      double pairs = 0;
      double distance = 0;
      for (int a = 0; a < v.size(); a++) {
        for (int b = a + 1; b < v.size(); b++) {
          distance += 1 - Vectors.cosine(v.get(a), v.get(b));
          pairs++;
        }
      }
      sum += distance / pairs;
      measured++;
    }
    return measured == 0 ? null : round(sum / measured, 4);
  }

  /** Nearest-rank percentile of sorted values; null when there are none. */
  static Double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static Double ratio(long a, long b) {
    return b == 0 ? null : round(a / (double) b, 4);
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
