package dev.kindred.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per API key: refilled at the tenant's requests-per-second quota with a burst of
 * twice that. Buckets are per service instance; N instances allow up to N times the quota, which
 * the settings documentation states.
 */
@ApplicationScoped
public class RateLimiter {
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Takes one token; returns 0 when allowed, else the seconds until a token will be available. */
  public long acquire(String key, int perSecond) {
    return buckets.computeIfAbsent(key, k -> new Bucket()).take(perSecond, System.nanoTime());
  }

  static final class Bucket {
    private double tokens = -1;
    private long last;

    synchronized long take(int perSecond, long now) {
      double capacity = 2.0 * perSecond;
      if (tokens < 0) {
        tokens = capacity;
      } else {
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
      }
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perSecond);
    }
  }
}
