package dev.kindred.bench.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The requests the serve bench sends, each for a random profiled user (the same sequence every run):
 * the home feed, similar items of a catalogue item for that user, a rerank of 20 catalogue items.
 * A request that does not answer 200 (a feed also personal) counts as an error.
 */
final class ServeRequests {

  private final HttpClient http;
  private final String recommend;
  private final String serveKey;
  private final int[] who;
  private final int[] what;

  ServeRequests(HttpClient http, String recommend, String serveKey, int users, int items, int n) {
    this.http = http;
    this.recommend = recommend;
    this.serveKey = serveKey;
    Random pick = new Random(9);
    who = new int[n];
    what = new int[n];
    for (int i = 0; i < n; i++) {
      who[i] = pick.nextInt(users);
      what[i] = pick.nextInt(items);
    }
  }

  int[] users() {
    return who;
  }

  IntFunction<CompletableFuture<?>> of(String endpoint) {
    return switch (endpoint) {
      case "feed" -> n -> send(HttpRequest.newBuilder(URI.create(recommend + "/v1/users/user-" + user(n)
          + "/recommendations?count=10")), "\"personalized\":true");
      case "similar" -> n -> send(HttpRequest.newBuilder(URI.create(recommend + "/v1/items/item-" + what[n % what.length]
          + "/similar?count=10&userId=user-" + user(n))), null);
      case "rerank" -> n -> send(HttpRequest.newBuilder(URI.create(recommend + "/v1/rerank"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(rerankBody(n))), null);
      default -> throw new IllegalArgumentException(endpoint);
    };
  }

  private int user(int n) {
    return who[n % who.length];
  }

  private String rerankBody(int n) {
    StringBuilder ids = new StringBuilder();
    for (int k = 0; k < 20; k++) {
      ids.append(k == 0 ? "" : ",").append("\"item-").append(what[(n * 20 + k) % what.length]).append('"');
    }
    return "{\"userId\":\"user-" + user(n) + "\",\"itemIds\":[" + ids + "]}";
  }

  /** Server-side time per request ({@code Server-Timing: app;dur=}), microseconds, since the last {@link #resetServerTime}. */
  private volatile org.HdrHistogram.Histogram serverTime = new org.HdrHistogram.ConcurrentHistogram(60_000_000L, 3);

  void resetServerTime() {
    serverTime = new org.HdrHistogram.ConcurrentHistogram(60_000_000L, 3);
  }

  /** The service's own percentile of the requests since the last reset, in ms. */
  double serverP(double percentile) {
    return serverTime.getTotalCount() == 0 ? 0 : serverTime.getValueAtPercentile(percentile) / 1000.0;
  }

  private CompletableFuture<?> send(HttpRequest.Builder b, String mustContain) {
    return http.sendAsync(b.header("Authorization", "Bearer " + serveKey).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
          if (r.statusCode() != 200 || (mustContain != null && !r.body().contains(mustContain))) {
            throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
          }
          r.headers().firstValue("Server-Timing").ifPresent(t -> {
            int at = t.indexOf("dur=");
            if (at >= 0) {
              serverTime.recordValue(Math.max(1, (long) (Double.parseDouble(t.substring(at + 4)) * 1000)));
            }
          });
          return r;
        });
  }
}
