package dev.kindred.inference;

import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.triton.TritonSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code kindred.inference.*} keys (each also read from {@code KINDRED_INFERENCE_*} by the
 * services' config). {@code backend} (embeddings) and {@code rankerBackend} (learned rankers) are
 * each {@code embedded} (default) or {@code triton}; {@code tritonModelRepository} is the directory
 * Triton loads models from (shared with it), where the worker publishes promoted rankers.
 */
public record InferenceConfig(String backend, String model, int threads, int maxBatch,
    int cacheEntries, TritonSettings triton, String tritonRankerModel, String rankerBackend,
    String tritonModelRepository) {

  public static InferenceConfig from(Function<String, Optional<String>> lookup) {
    String backend = backend(lookup, "kindred.inference.backend");
    String rankerBackend = backend(lookup, "kindred.inference.ranker-backend");
    String model = lookup.apply("kindred.inference.model").orElse("all-minilm-l6-v2");
    TritonSettings d = TritonSettings.defaults(URI.create("http://127.0.0.1:8000"), model);
    TritonSettings triton = new TritonSettings(
        URI.create(lookup.apply("kindred.inference.triton.url").orElse(d.url().toString())),
        lookup.apply("kindred.inference.triton.model").orElse(model),
        millis(lookup, "kindred.inference.triton.timeout-ms", d.timeout()),
        integer(lookup, "kindred.inference.triton.batch-max-texts", d.batchMaxTexts()),
        millis(lookup, "kindred.inference.triton.batch-max-delay-ms", d.batchMaxDelay()),
        integer(lookup, "kindred.inference.triton.retries", d.retries()),
        millis(lookup, "kindred.inference.triton.retry-backoff-ms", d.retryBackoff()),
        integer(lookup, "kindred.inference.triton.breaker-threshold", d.breakerThreshold()),
        millis(lookup, "kindred.inference.triton.breaker-open-ms", d.breakerOpen()));
    return new InferenceConfig(backend, model,
        integer(lookup, "kindred.inference.threads", OnnxEmbeddingModel.defaultThreads()),
        integer(lookup, "kindred.inference.max-batch", 32),
        integer(lookup, "kindred.inference.cache-entries", 50_000), triton,
        lookup.apply("kindred.inference.triton.ranker-model").orElse("ranker"), rankerBackend,
        lookup.apply("kindred.inference.triton.model-repository").orElse(null));
  }

  private static String backend(Function<String, Optional<String>> lookup, String key) {
    String backend = lookup.apply(key).orElse("embedded");
    if (!backend.equals("embedded") && !backend.equals("triton")) {
      throw new IllegalArgumentException(key + " must be embedded or triton, not " + backend);
    }
    return backend;
  }

  private static int integer(Function<String, Optional<String>> lookup, String key, int fallback) {
    return lookup.apply(key).map(v -> {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, not '" + v + "'");
      }
    }).orElse(fallback);
  }

  private static Duration millis(Function<String, Optional<String>> lookup, String key, Duration fallback) {
    return lookup.apply(key).map(v -> Duration.ofMillis(integer(k -> Optional.of(v), key, 0))).orElse(fallback);
  }
}
