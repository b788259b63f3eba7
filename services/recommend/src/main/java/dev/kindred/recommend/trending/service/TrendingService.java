package dev.kindred.recommend.trending.service;

import dev.kindred.recommend.feed.repository.FeedReader;
import dev.kindred.recommend.serving.ImpressionLog;
import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recsys.Candidate;
import dev.kindred.recsys.FeedRanker;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Popular now, per tenant and optional item filter: the fallback for unknown users and users without
 * personalization consent, and {@code GET /v1/trending}; and each item's popularity for the feed's
 * ranker. Read from trending's read model ({@code item_heat}); the ranking is cached for 10 seconds
 * per (tenant, effective filter) — trending moves in minutes, and the anonymous requests it serves
 * then cost no statement for it.
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
  private final dev.kindred.web.TenantSettingsCache settings;

  private record Cached(long at, List<Candidate> list, FeedRanker.Popularity popularity) {
  }

  /** Runs the aggregations off the request threads (a request waits only when there is nothing cached). */
  private static final java.util.concurrent.Executor REFRESH = java.util.concurrent.Executors.newFixedThreadPool(2,
      r -> {
        Thread t = new Thread(r, "trending-refresh");
        t.setDaemon(true);
        return t;
      });
  private final Map<String, CompletableFuture<Cached>> loading = new ConcurrentHashMap<>();

  public TrendingService(Pool pool, FeedReader reader, ImpressionLog impressions,
      dev.kindred.web.TenantSettingsCache settings) {
    this.settings = settings;
    this.pool = pool;
    this.reader = reader;
    this.impressions = impressions;
  }

  /**
   * {@code GET /v1/trending}: logged as an impression of the anonymous stream (or the user's, when
   * given). The tenant's settings come from memory, dropped when the database announces a change
   * ({@code TenantSettingsCache}), so a changed rule or suppressed category holds from the next request on.
   */
  public Served trending(UUID tenant, String userId, int count, ItemFilter filter) {
    dev.kindred.tenancy.TenantSettings cached = settings.cached(tenant);
    ItemFilter effective = (cached != null ? cached
        : TenantTx.run(pool, tenant, conn -> settings.get(conn, tenant)).await().atMost(DB)).servingFilter(filter);
    Served list = list(tenant, userId, count, Set.of(), effective, null);
    impressions.log(tenant, userId, "trending", list);
    return list;
  }

  /**
   * The list itself, without logging (the feed logs its own impression); {@code filter} is the
   * effective one ({@code TenantSettings.servingFilter}).
   */
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

  /**
   * Each item's popularity for ranking, 0..1: its decayed heat among the tenant's top
   * {@value #DEPTH}, log-scaled against the hottest (0 outside them); cached as trending is.
   */
  public FeedRanker.Popularity popularity(UUID tenant) {
    return cached(tenant, ItemFilter.NONE).popularity();
  }

  private List<Candidate> ranking(UUID tenant, ItemFilter filter) {
    return cached(tenant, filter).list();
  }

  /**
   * The cached ranking: computed once when there is none (concurrent requests wait for the same
   * computation), and when it is older than the TTL served as it is while one background refresh
   * runs — so no request waits for it once the tenant is warm.
   */
  private Cached cached(UUID tenant, ItemFilter filter) {
    String key = tenant + "|" + filter.clauses();
    Cached c = cache.get(key);
    if (c == null) {
      try {
        return load(key, tenant, filter).join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    if (System.nanoTime() - c.at() >= TTL_NANOS) {
      load(key, tenant, filter);
    }
    return c;
  }

  private CompletableFuture<Cached> load(String key, UUID tenant, ItemFilter filter) {
    CompletableFuture<Cached> mine = new CompletableFuture<>();
    CompletableFuture<Cached> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    REFRESH.execute(() -> {
      try {
        List<Candidate> fresh = TenantTx.run(pool, tenant, conn -> reader.trending(conn, DEPTH, filter))
            .await().atMost(DB);
        Cached made = new Cached(System.nanoTime(), fresh, popularityOf(fresh));
        cache.put(key, made);
        mine.complete(made);
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      } finally {
        loading.remove(key, mine);
      }
    });
    return mine;
  }

  private static FeedRanker.Popularity popularityOf(List<Candidate> top) {
    if (top.isEmpty()) {
      return id -> 0;
    }
    double max = Math.log1p(top.get(0).score());
    Map<String, Double> heat = new java.util.HashMap<>();
    top.forEach(x -> heat.put(x.itemId(), max <= 0 ? 0 : Math.log1p(x.score()) / max));
    return id -> heat.getOrDefault(id, 0.0);
  }
}
