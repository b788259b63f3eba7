package dev.kindred.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on {@code POST /v1/events}: {@code clients} threads spread round-robin over the
 * ingest instances, each sending batches of views of the bench catalogue by {@code users} users for
 * a fixed time. Counts what ingest acknowledged (2xx after the append committed / the broker acked).
 */
final class EventLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String key;
  private final int items;
  private final int users;
  private final String userPrefix;

  EventLoad(String key, int items, int users, String userPrefix) {
    this.key = key;
    this.items = items;
    this.users = users;
    this.userPrefix = userPrefix;
  }

  /** Events acknowledged per second over the run. */
  double run(List<String> ingests, int clients, int batch, double seconds) throws Exception {
    AtomicLong accepted = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      final int client = c;
      String url = ingests.get(c % ingests.size()) + "/v1/events";
      running.add(pool.submit(() -> {
        java.util.Random r = new java.util.Random(client);
        while (System.nanoTime() < deadline) {
          List<Map<String, Object>> events = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", UUID.randomUUID().toString());
            e.put("type", "view");
            e.put("userId", userPrefix + r.nextInt(users));
            e.put("itemId", "item-" + r.nextInt(items));
            e.put("occurredAt", Instant.now().toString());
            events.add(e);
          }
          HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
              .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(events))).build(),
              HttpResponse.BodyHandlers.ofString());
          if (res.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + res.statusCode() + ": " + res.body());
          }
          JsonNode body = JSON.readTree(res.body());
          accepted.addAndGet(body.get("accepted").asLong());
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return accepted.get() / ((System.nanoTime() - start) / 1e9);
  }
}
