package dev.kindred.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.simulator.demo.ControlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * End-to-end freshness: a user's feed, then "not interested" in its first item through
 * {@code POST /v1/events}; from the moment that call returns, the time until a feed response
 * without the item has been received (asking again until it has, for up to 5 s). Samples start at a
 * steady pace ({@code perSecond}), as end-users' feedback arrives beside the feed load, not as a burst
 * of back-to-back feedback (which measured the worker's reaction to 30 profile changes a second).
 */
final class Freshness {

  record Result(Histogram h, int samples, int failures) {

    double p(double percentile) {
      return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    double max() {
      return h.getMaxValue() / 1000.0;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Freshness() {
  }

  static Result measure(HttpClient http, String recommend, String ingest, ControlClient.Keys keys, int[] who, int samples,
      double perSecond) throws Exception {
    Histogram h = new Histogram(3);
    int failures = 0;
    long start = System.nanoTime();
    // Other users at each run: each sample leaves its user a "not interested", and a stack measured
    // again and again would otherwise keep turning down the same users' lists until nothing is left.
    int offset = java.util.concurrent.ThreadLocalRandom.current().nextInt(who.length);
    for (int i = 0; i < samples; i++) {
      long due = start + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
      String user = "user-" + who[(int) ((offset + (long) i * 7919) % who.length)];
      JsonNode items = feed(http, recommend, keys, user);
      if (items.isEmpty()) {
        failures++;
        continue;
      }
      String first = items.get(0).get("itemId").asText();
      String body = JSON.writeValueAsString(List.of(Map.of("type", "feedback", "userId", user, "itemId", first,
          "kind", "not_interested")));
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
          .header("Authorization", "Bearer " + keys.ingestKey()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (posted.statusCode() / 100 != 2) {
        throw new IllegalStateException("POST /v1/events answered " + posted.statusCode() + ": " + posted.body());
      }
      long accepted = System.nanoTime();
      boolean gone = false;
      while (!gone && System.nanoTime() - accepted < 5_000_000_000L) {
        gone = true;
        for (JsonNode item : feed(http, recommend, keys, user)) {
          gone &= !first.equals(item.get("itemId").asText());
        }
      }
      if (gone) {
        h.recordValue(Math.max(1, (System.nanoTime() - accepted) / 1000));
      } else {
        failures++;
      }
    }
    return new Result(h, samples, failures);
  }

  private static JsonNode feed(HttpClient http, String recommend, ControlClient.Keys keys, String user) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(recommend + "/v1/users/" + user
            + "/recommendations?count=10")).header("Authorization", "Bearer " + keys.serveKey())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("items");
  }
}
