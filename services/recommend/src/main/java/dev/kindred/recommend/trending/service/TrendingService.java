package dev.kindred.recommend.trending.service;

import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.recommend.serving.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.Source;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Popular now, per tenant and optional item filter: the fallback for unknown users and users without
 * personalization consent, and {@code GET /v1/trending}. The ranking is cached for 10 seconds per
 * (tenant, filter) — trending moves in minutes, and every anonymous request would otherwise
 * aggregate two weeks of events.
 */
@ApplicationScoped
public class TrendingService {

  static final int DEPTH = 200;
  private static final long TTL_NANOS = Duration.ofSeconds(10).toNanos();
  private static final Duration DB = Duration.ofSeconds(10);
  private final Pool pool;
  private final FeedReader reader;
  private final ImpressionLog impressions;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final dev.kindred.tenancy.TenantRepository tenants = new dev.kindred.tenancy.TenantRepository();

  private record Cached(long at, List<Candidate> list) {
  }

  public TrendingService(Pool pool, FeedReader reader, ImpressionLog impressions) {
    this.pool = pool;
    this.reader = reader;
    this.impressions = impressions;
  }

  /** {@code GET /v1/trending}: logged as an impression of the anonymous stream (or the user's, when given). */
  public Served trending(UUID tenant, String userId, int count, ItemFilter filter) {
    Served list = list(tenant, userId, count, Set.of(), filter, null);
    impressions.log(tenant, userId, "trending", list);
    return list;
  }

  /** The list itself, without logging (the feed logs its own impression). */
  public Served list(UUID tenant, String userId, int count, Set<String> exclude, ItemFilter filter, String note) {
    List<Served.Item> items = new ArrayList<>();
    for (Candidate x : ranking(tenant, filter)) {
      if (items.size() < count && !exclude.contains(x.itemId())) {
        items.add(new Served.Item(x.itemId(), x.title(), Served.round(x.score()), Source.TRENDING,
            new dev.kindred.recsys.Explanation(Source.TRENDING, List.of(), List.of(), "Popular right now.")));
      }
    }
    return Served.of(userId, false, note, items);
  }

  private List<Candidate> ranking(UUID tenant, ItemFilter filter) {
    String key = tenant + "|" + filter.clauses();
    Cached c = cache.get(key);
    if (c != null && System.nanoTime() - c.at() < TTL_NANOS) {
      return c.list();
    }
    List<Candidate> fresh = TenantTx.run(pool, tenant, conn -> tenants.settings(conn, tenant)
        .chain(settings -> reader.trending(conn, DEPTH, filter.suppressing(settings.suppressedCategories()))))
        .await().atMost(DB);
    cache.put(key, new Cached(System.nanoTime(), fresh));
    return fresh;
  }
}
