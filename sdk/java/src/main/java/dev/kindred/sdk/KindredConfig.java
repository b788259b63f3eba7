package dev.kindred.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KindredClient} reaches Kindred and batches events. Build with {@link #builder()};
 * only the endpoints and the keys a program uses are needed (an ingest key to track, a serve key to
 * fetch recommendations). Defaults: batches of 100 events or every second, whichever comes first;
 * a queue of 10,000 events; 8 attempts per batch with exponential backoff from 200 ms to 30 s
 * (full jitter) — a 429's {@code Retry-After} wins over the backoff; requests time out after 10 s.
 */
public record KindredConfig(URI ingestUrl, URI recommendUrl, String ingestKey, String serveKey, int batchSize,
    Duration flushInterval, int queueCapacity, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    Duration requestTimeout, DeliveryListener listener, Overflow overflow) {

  /**
   * What {@code track} does when the queue is full: {@code DROP_NEWEST} (default: never blocks the
   * caller; the new event is dropped and counted) or {@code BLOCK} (waits up to the request timeout
   * for room, then drops) — for backfills and batch jobs, where back-pressure is wanted.
   */
  public enum Overflow { DROP_NEWEST, BLOCK }

  public KindredConfig {
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("batchSize must be 1-1000 (the API's batch limit)");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    listener = listener == null ? DeliveryListener.NONE : listener;
    overflow = overflow == null ? Overflow.DROP_NEWEST : overflow;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Fluent construction; every setter is optional except what the calls you make need. */
  public static final class Builder {
    private URI ingestUrl;
    private URI recommendUrl;
    private String ingestKey;
    private String serveKey;
    private int batchSize = 100;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int queueCapacity = 10_000;
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private DeliveryListener listener;
    private Overflow overflow = Overflow.DROP_NEWEST;

    public Builder overflow(Overflow o) {
      this.overflow = o;
      return this;
    }

    /** One base URL for both APIs (a gateway in front of ingest and recommend). */
    public Builder endpoint(String url) {
      return ingestUrl(url).recommendUrl(url);
    }

    public Builder ingestUrl(String url) {
      this.ingestUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    public Builder recommendUrl(String url) {
      this.recommendUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    public Builder ingestKey(String key) {
      this.ingestKey = key;
      return this;
    }

    public Builder serveKey(String key) {
      this.serveKey = key;
      return this;
    }

    public Builder batchSize(int n) {
      this.batchSize = n;
      return this;
    }

    public Builder flushInterval(Duration d) {
      this.flushInterval = d;
      return this;
    }

    public Builder queueCapacity(int n) {
      this.queueCapacity = n;
      return this;
    }

    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = d;
      return this;
    }

    public Builder listener(DeliveryListener l) {
      this.listener = l;
      return this;
    }

    public KindredConfig build() {
      return new KindredConfig(ingestUrl, recommendUrl, ingestKey, serveKey, batchSize, flushInterval, queueCapacity,
          maxAttempts, initialBackoff, maxBackoff, requestTimeout, listener, overflow);
    }
  }
}
