package dev.kindred.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/kindred bench ingest}: events/s through {@code POST /v1/events} in batches of 500 for a
 * fixed time with a few concurrent clients, and the same rows written as CSV for the script to
 * COPY into an identical table in the same run (the floor-free reference: raw PostgreSQL).
 */
public final class IngestBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("seconds", "60", "batch", "500", "clients", "4", "events", "0"),
        "ingest", "key", "tenant", "csv");
    String url = a.get("ingest") + "/v1/events";
    String key = a.get("key");
    int seconds = Integer.parseInt(a.get("seconds"));
    // --events N: stop once N events were sent (a backlog of a given size), or at --seconds.
    long limit = Long.parseLong(a.get("events"));
    AtomicLong sent = new AtomicLong();
    int batch = Integer.parseInt(a.get("batch"));
    int clients = Integer.parseInt(a.get("clients"));
    Path csv = Path.of(a.get("csv"));
    // HTTP/1.1 (the JDK client otherwise tries an h2c upgrade on each new connection) and bodies
    // written as text: the load generator shares the 2 cores with what it measures, so it spends
    // as little as it can per event.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicLong accepted = new AtomicLong();
    Histogram latency = new Histogram(60_000_000L, 3);
    List<List<String[]>> rows = new ArrayList<>();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      final int client = c;
      running.add(pool.submit(() -> {
        int n = 0;
        List<String[]> mine = new ArrayList<>();
        while (System.nanoTime() < deadline && (limit <= 0 || sent.addAndGet(batch) <= limit)) {
          List<String[]> events = new ArrayList<>(batch);
          StringBuilder body = new StringBuilder(batch * 160).append('[');
          for (int i = 0; i < batch; i++) {
            // userId, eventId, itemId, occurredAt: the columns COPY writes later.
            String[] e = {"bench-user-" + (client * 100_000 + (n % 5000)), UUID.randomUUID().toString(),
                "item-" + String.format("%05d", n % 3000), Instant.now().toString()};
            events.add(e);
            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(e[1]).append("\",\"type\":\"view\",\"userId\":\"")
                .append(e[0]).append("\",\"itemId\":\"").append(e[2]).append("\",\"occurredAt\":\"").append(e[3]).append("\"}");
            n++;
          }
          body.append(']');
          try {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            synchronized (latency) {
              latency.recordValue((System.nanoTime() - t0) / 1000);
            }
            if (r.statusCode() != 200) {
              throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode res = JSON.readTree(r.body());
            accepted.addAndGet(res.get("accepted").asLong());
            mine.addAll(events);
          } catch (Exception ex) {
            throw new RuntimeException(ex);
          }
        }
        synchronized (rows) {
          rows.add(mine);
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;
    try (var w = Files.newBufferedWriter(csv)) {
      for (List<String[]> rs : rows) {
        for (String[] r : rs) {
          w.write(a.get("tenant") + "," + csvRow(r));
          w.write('\n');
        }
      }
    }
    System.out.printf("api_events=%d api_seconds=%.1f api_events_per_s=%.0f batch_p50_ms=%.1f batch_p99_ms=%.1f%n",
        accepted.get(), elapsed, accepted.get() / elapsed, latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0);
  }

  /** The row COPY writes: the same columns the API's append fills (payload as the codec stores it). */
  private static String csvRow(String[] e) {
    String payload = "{\"itemId\":\"" + e[2] + "\"}";
    return String.join(",", e[0], e[1], "ItemViewed", e[2], "\"" + payload.replace("\"", "\"\"") + "\"", e[3]);
  }
}
