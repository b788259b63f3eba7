package dev.kindred.bench.serve;

import dev.kindred.bench.Args;
import dev.kindred.inference.Vectors;
import dev.kindred.simulator.demo.ControlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code bin/kindred bench serve}: an open-loop load of {@code --rps} home-feed requests per second
 * for {@code --seconds} on a simulated tenant ({@code --items}, {@code --users} with profiles) of the
 * running stack, then the same arrival rate of bare pgvector top-10 queries (an item's vector as
 * the query, over JDBC, as the owner role: no row-level security) as the floor, in the same run. Latency from HdrHistogram.
 */
public final class ServeBench {

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("items", "100000", "users", "50000", "rps", "200", "seconds", "60",
        "dbuser", "kindred", "dbpassword", "kindred"), "keycloak", "control", "recommend", "ingest", "jdbc");
    int items = Integer.parseInt(a.get("items"));
    int users = Integer.parseInt(a.get("users"));
    int rps = Integer.parseInt(a.get("rps"));
    double seconds = Double.parseDouble(a.get("seconds"));
    ControlClient control = new ControlClient(a.get("keycloak"), a.get("control"));
    ControlClient.Keys keys = control.onboard(control.token(), "Serve Bench", "serve-bench", "serve-bench-pw");
    UUID tenant = UUID.fromString(keys.tenantId());
    ServeData data = new ServeData(items, users);
    try (Connection c = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"))) {
      data.load(c, tenant);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newFixedThreadPool(8)).build();
    Random pick = new Random(9);
    int[] who = new int[(int) (rps * (seconds + 15))];
    for (int i = 0; i < who.length; i++) {
      who[i] = pick.nextInt(users);
    }
    java.util.function.IntFunction<CompletableFuture<?>> feed = n -> http.sendAsync(HttpRequest.newBuilder(
            URI.create(a.get("recommend") + "/v1/users/user-" + who[n % who.length] + "/recommendations?count=10"))
            .header("Authorization", "Bearer " + keys.serveKey()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
          if (r.statusCode() != 200 || !r.body().contains("\"personalized\":true")) {
            throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
          }
          return r;
        });
    System.err.printf("warm-up: 10 s at %d requests/s%n", rps);
    OpenLoop.run(rps, 10, feed);
    System.err.printf("measuring: %.0f s at %d requests/s (GET /v1/users/{id}/recommendations?count=10)%n", seconds, rps);
    OpenLoop.Result served = OpenLoop.run(rps, seconds, feed);
    System.err.printf("floor: %.0f s at %d queries/s (bare pgvector top-10 over JDBC)%n", seconds, rps);
    OpenLoop.Result floor = floor(a, tenant, data, rps, seconds);
    System.err.println("freshness: 200 times, 'not interested' in a user's first item, then their feed until it is gone");
    Freshness.Result fresh = Freshness.measure(http, a.get("recommend"), a.get("ingest"), keys, who, 200);
    System.err.printf("sequence model: %d in-process next-item calls over the %d-item catalogue%n", 5000, items);
    SequenceLatency.Result seq = SequenceLatency.measure(items, 5000);
    System.out.printf(Locale.ROOT, """
        | what | requests | errors | p50 ms | p90 ms | p99 ms | max ms |
        |---|---|---|---|---|---|---|
        | home feed over HTTP (%d items, %d users) | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | floor: bare pgvector top-10 (JDBC) | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | freshness: event accepted → a response without the item | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | sequence source: SASRec next items for one request (in-process, %d items) | %d | 0 | %.2f | – | %.2f | %.2f |
        """, items, users, served.sent(), served.errors(), served.p(50), served.p(90), served.p(99), served.maxMs(),
        floor.sent(), floor.errors(), floor.p(50), floor.p(90), floor.p(99), floor.maxMs(),
        fresh.samples(), fresh.failures(), fresh.p(50), fresh.p(90), fresh.p(99), fresh.max(),
        seq.items(), seq.calls(), seq.p50(), seq.p99(), seq.max());
    System.out.printf(Locale.ROOT, "serve rps=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d floor_p50_ms=%.2f "
        + "floor_p99_ms=%.2f fresh_p99_ms=%.2f sequence_p50_ms=%.2f sequence_p99_ms=%.2f%n", rps, served.p(50),
        served.p(90), served.p(99), served.maxMs(), served.errors(), floor.p(50), floor.p(99), fresh.p(99), seq.p50(),
        seq.p99());
    System.exit(0);
  }

  /** The floor: a pool of JDBC connections answering the same arrival rate of plain top-10 queries. */
  private static OpenLoop.Result floor(Map<String, String> a, UUID tenant, ServeData data, int rps, double seconds)
      throws Exception {
    int threads = 16;
    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(threads);
    for (int i = 0; i < threads; i++) {
      pool.add(DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword")));
    }
    ExecutorService exec = Executors.newFixedThreadPool(threads);
    Random r = new Random(13);
    String[] queries = new String[2000];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = Vectors.toPgVector(data.vector(r.nextInt(data.items())));
    }
    java.util.function.IntFunction<CompletableFuture<?>> query = n -> CompletableFuture.runAsync(() -> {
      Connection c = null;
      try {
        c = pool.take();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT item_id FROM items WHERE tenant_id = ? ORDER BY embedding <=> ?::vector LIMIT 10")) {
          ps.setObject(1, tenant);
          ps.setString(2, queries[n % queries.length]);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getString(1);
            }
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        if (c != null) {
          pool.add(c);
        }
      }
    }, exec);
    OpenLoop.run(rps, 5, query);
    OpenLoop.Result result = OpenLoop.run(rps, seconds, query);
    exec.shutdown();
    for (Connection c : pool) {
      c.close();
    }
    return result;
  }
}
