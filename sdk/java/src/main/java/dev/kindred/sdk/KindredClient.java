package dev.kindred.sdk;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Kindred from a Java application: {@link #track} queues behaviour events and sends them in
 * batches in the background (retries with backoff, 429 {@code Retry-After} honoured, idempotent by
 * event id); the other calls are synchronous and throw {@link KindredException} with the problem
 * details when Kindred says no. Thread-safe; one client per application; {@link #close} flushes.
 *
 * <pre>{@code
 * try (KindredClient kindred = new KindredClient(KindredConfig.builder()
 *     .ingestUrl("http://127.0.0.1:18082").recommendUrl("http://127.0.0.1:18084")
 *     .ingestKey(ingestKey).serveKey(serveKey).build())) {
 *   kindred.track(Event.view("u-42", "sku-7"));
 *   Results.Recommendations recs = kindred.recommendations("u-42", RecommendationRequest.count(10));
 * }
 * }</pre>
 */
public final class KindredClient implements AutoCloseable {

  /**
   * What became of tracked events so far: queued by {@code track}, stored, duplicates (already
   * stored), rejected by the server, dropped because the queue was full, failed after every
   * attempt; retries made; events waiting now.
   */
  public record Stats(long enqueued, long accepted, long duplicates, long rejected, long dropped, long failed,
      long retries, int queued) {
  }

  /** Options of a home-feed request; {@link #count(int)} starts one. */
  public record RecommendationRequest(int count, List<String> exclude, String filter, Map<String, String> context,
      boolean explain) {

    public static RecommendationRequest count(int count) {
      return new RecommendationRequest(count, List.of(), null, Map.of(), true);
    }

    public RecommendationRequest exclude(List<String> ids) {
      return new RecommendationRequest(count, List.copyOf(ids), filter, context, explain);
    }

    /** {@code category:a|b;!brand:X} — every clause must hold. */
    public RecommendationRequest filter(String f) {
      return new RecommendationRequest(count, exclude, f, context, explain);
    }

    public RecommendationRequest context(String key, String value) {
      Map<String, String> c = new LinkedHashMap<>(context);
      c.put(key, value);
      return new RecommendationRequest(count, exclude, filter, c, explain);
    }

    public RecommendationRequest explain(boolean on) {
      return new RecommendationRequest(count, exclude, filter, context, on);
    }
  }

  private final KindredConfig config;
  private final Http http;
  private final EventSender sender;

  public KindredClient(KindredConfig config) {
    this.config = config;
    this.http = new Http(config.requestTimeout());
    this.sender = new EventSender(config, http);
  }

  /**
   * Queues an event for the next batch: true when queued, false when the queue is full (overflow
   * policy {@code DROP_NEWEST}, the default: returns at once, the newest event is dropped, counted
   * in {@link Stats#dropped()} and told to {@link DeliveryListener#dropped}; events already queued
   * are kept. {@code BLOCK}: waits up to the request timeout for room first).
   */
  public boolean track(Event event) {
    return sender.offer(event);
  }

  /** Sends what is queued now and waits until it is stored, rejected or given up on (false on timeout). */
  public boolean flush(Duration timeout) {
    return sender.flush(timeout);
  }

  public boolean flush() {
    return flush(Duration.ofSeconds(30));
  }

  public Stats stats() {
    return sender.stats();
  }

  /** The user's home feed. */
  public Results.Recommendations recommendations(String userId, RecommendationRequest r) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("count", Integer.toString(r.count()));
    if (!r.exclude().isEmpty()) {
      q.put("exclude", String.join(",", r.exclude()));
    }
    if (r.filter() != null) {
      q.put("filter", r.filter());
    }
    if (!r.context().isEmpty()) {
      StringJoiner c = new StringJoiner(",");
      r.context().forEach((k, v) -> c.add(k + ":" + v));
      q.put("context", c.toString());
    }
    q.put("explain", Boolean.toString(r.explain()));
    return get(serve("/v1/users/" + path(userId) + "/recommendations", q), Results.Recommendations.class);
  }

  /** Items like this one; personal when {@code userId} is not null. */
  public Results.Recommendations similar(String itemId, int count, String userId) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("count", Integer.toString(count));
    if (userId != null) {
      q.put("userId", userId);
    }
    return get(serve("/v1/items/" + path(itemId) + "/similar", q), Results.Recommendations.class);
  }

  /** The tenant's own list (e.g. search results) in this user's order. */
  public Results.Recommendations rerank(String userId, List<String> itemIds) {
    return convert(http.send("POST", serve("/v1/rerank", Map.of()), config.serveKey(),
        Map.of("userId", userId, "itemIds", itemIds)), Results.Recommendations.class);
  }

  /** Popular now, optionally in one category. */
  public Results.Recommendations trending(int count, String category) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("count", Integer.toString(count));
    if (category != null) {
      q.put("category", category);
    }
    return get(serve("/v1/trending", q), Results.Recommendations.class);
  }

  /** The user's interests in words. */
  public Results.Profile profile(String userId) {
    return get(serve("/v1/users/" + path(userId) + "/profile", Map.of()), Results.Profile.class);
  }

  /**
   * Records the user's consent (synchronously: it must hold before the next request). Without
   * personalization consent Kindred builds no profile and serves only non-personal lists.
   */
  public void consent(String userId, boolean personalization, boolean analytics) {
    http.send("PUT", ingest("/v1/users/" + path(userId) + "/consent"), config.ingestKey(),
        Map.of("personalization", personalization, "analytics", analytics));
  }

  /** What the user says they are into, in their words ("trail running, specialty coffee"). */
  public void statedInterests(String userId, String text) {
    http.send("PUT", ingest("/v1/users/" + path(userId) + "/interests"), config.ingestKey(), Map.of("text", text));
  }

  /** Upserts up to 1,000 catalogue items (each a JSON-shaped map: id, title, description, categories, …). */
  public Results.Stored upsertItems(List<Map<String, Object>> items) {
    return convert(http.send("PUT", ingest("/v1/items"), config.ingestKey(), items), Results.Stored.class);
  }

  /** Flushes (up to 30 s), then stops the sender; events still queued are reported as failed. */
  @Override
  public void close() {
    sender.close(Duration.ofSeconds(30));
  }

  private <T> T get(URI uri, Class<T> type) {
    return convert(http.send("GET", uri, config.serveKey(), null), type);
  }

  private static <T> T convert(Http.Answer a, Class<T> type) {
    return Http.JSON.convertValue(a.body(), type);
  }

  private URI serve(String path, Map<String, String> query) {
    if (config.recommendUrl() == null) {
      throw new IllegalStateException("no recommendUrl configured: KindredConfig.builder().recommendUrl(...)");
    }
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return URI.create(config.recommendUrl() + path + q);
  }

  private URI ingest(String path) {
    if (config.ingestUrl() == null) {
      throw new IllegalStateException("no ingestUrl configured: KindredConfig.builder().ingestUrl(...)");
    }
    return URI.create(config.ingestUrl() + path);
  }

  /** A path segment: user and item ids may hold any character. */
  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
