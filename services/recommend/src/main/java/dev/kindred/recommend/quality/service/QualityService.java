package dev.kindred.recommend.quality.service;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ImpressionLogged;
import dev.kindred.events.ItemClicked;
import dev.kindred.eventstore.EventStore;
import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads what {@link QualityMetrics} counts: the window's impressions and attributed clicks from
 * the event log (opened with each user's key; erased users are gone, users who withdrew analytics
 * consent are left out), and the shown items' embeddings and engagement. Computed on request:
 * a window holds at most {@link #MAX_LISTS} lists (the newest), which the answer says.
 */
@ApplicationScoped
public class QualityService {

  public static final int MAX_LISTS = 200_000;
  private static final Duration DB = Duration.ofSeconds(60);
  private final Pool pool;
  private final FeedReader reader;
  private final EventStore store = new EventStore();

  public QualityService(Pool pool, FeedReader reader) {
    this.pool = pool;
    this.reader = reader;
  }

  /** {@code hours} back from now in buckets of {@code unit} (HOURS or DAYS). */
  public Map<String, Object> report(UUID tenant, ChronoUnit unit, int hours) {
    Instant now = Instant.now();
    Instant from = now.minus(Duration.ofHours(hours));
    int days = (int) Math.ceil(hours / 24.0) + 1;
    record Read(List<EventEnvelope> events, Set<String> noAnalytics, long live) {}
    Read read = TenantTx.run(pool, tenant, c -> store.readRecent(c, tenant, List.of("ImpressionLogged", "ItemClicked"), days)
        .chain(events -> c.query("SELECT user_id FROM user_consent WHERE NOT analytics").execute()
            .chain(consent -> c.query("SELECT count(*) FROM items WHERE NOT removed AND available").execute()
                .map(live -> {
                  Set<String> out = new HashSet<>();
                  consent.forEach(r -> out.add(r.getString(0)));
                  return new Read(events, out, live.iterator().next().getLong(0));
                })))).await().atMost(DB);
    List<QualityMetrics.Shown> lists = new ArrayList<>();
    Set<String> clicks = new HashSet<>();
    for (EventEnvelope e : read.events()) {
      if (read.noAnalytics().contains(e.streamKey())) {
        continue;
      }
      if (e.event() instanceof ImpressionLogged i && !e.recordedAt().isBefore(from)) {
        lists.add(new QualityMetrics.Shown(i.recommendationId(), e.recordedAt(), i.scenario(), i.itemIds(),
            i.sources() == null ? List.of() : i.sources(), i.servedMs()));
      } else if (e.event() instanceof ItemClicked k && k.recommendationId() != null) {
        clicks.add(k.recommendationId() + "\n" + k.itemId());
      }
    }
    boolean truncated = lists.size() > MAX_LISTS;
    if (truncated) {
      lists = new ArrayList<>(lists.subList(lists.size() - MAX_LISTS, lists.size()));
    }
    Set<String> shownItems = new HashSet<>();
    lists.forEach(l -> shownItems.addAll(l.items()));
    QualityMetrics.Catalogue catalogue = catalogue(tenant, shownItems, read.live());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bucket", unit == ChronoUnit.HOURS ? "hour" : "day");
    out.put("from", from.toString());
    out.put("lists", lists.size());
    out.put("truncated", truncated);
    out.put("buckets", QualityMetrics.compute(lists, clicks, catalogue, unit, from, now));
    out.put("definitions", Map.of(
        "ctr", "attributed clicks (same recommendationId and item) / items shown",
        "coverage", "distinct items shown / live catalogue items",
        "diversity", "mean pairwise cosine distance of a list's item embeddings, averaged over lists",
        "novelty", "mean −log2 of a shown item's add-one-smoothed share of all engagement (bits)",
        "latency", "server time from the request's arrival to the logged list (p50, p99, ms)",
        "exploreShare", "items from explore/<cluster> sources / items shown"));
    return out;
  }

  private QualityMetrics.Catalogue catalogue(UUID tenant, Set<String> items, long live) {
    String[] ids = items.toArray(String[]::new);
    return TenantTx.run(pool, tenant, c -> reader.vectors(c, items).chain(vectors -> c.preparedQuery(
            "SELECT item_id, engagements FROM item_engagement WHERE item_id = ANY($1)").execute(Tuple.of((Object) ids))
        .chain(eng -> c.query("SELECT coalesce(sum(engagements), 0) FROM item_engagement").execute().map(total -> {
          Map<String, Double> engagement = new HashMap<>();
          eng.forEach(r -> engagement.put(r.getString(0), r.getDouble(1)));
          return new QualityMetrics.Catalogue(vectors, engagement, total.iterator().next().getDouble(0), live);
        })))).await().atMost(DB);
  }
}
