package dev.kindred.inference.triton;

import java.net.URI;
import java.time.Duration;

/**
 * How the Triton client behaves: where the server is, which model, how long to wait, how to batch
 * concurrent callers (up to {@code batchMaxTexts} texts or {@code batchMaxDelay}), how often to
 * retry (with jittered exponential backoff from {@code retryBackoff}), and when to stop trying
 * ({@code breakerThreshold} consecutive failures open the breaker for {@code breakerOpen}).
 */
public record TritonSettings(URI url, String model, Duration timeout, int batchMaxTexts,
    Duration batchMaxDelay, int retries, Duration retryBackoff, int breakerThreshold,
    Duration breakerOpen) {

  public static TritonSettings defaults(URI url, String model) {
    return new TritonSettings(url, model, Duration.ofSeconds(2), 64, Duration.ofMillis(5), 2,
        Duration.ofMillis(50), 5, Duration.ofSeconds(10));
  }
}
