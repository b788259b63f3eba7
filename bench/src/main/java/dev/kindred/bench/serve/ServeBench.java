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

  /** Latency budget of the capacity sweep: the highest fixed rate whose p99 stays within it, without errors. */
  static final double CAPACITY_P99_MS = 50;
  /** Feedback events a second the freshness probe sends beside the feed load (one per 40 feed requests at 200/s). */
  static final int FRESHNESS_PER_S = 5;

  public static void main(String[] argv) throws Exception {
    try {
      run(argv);
    } catch (Exception | Error e) {
      // The load's executor threads are not daemons: without an exit a failed phase (a request past
      // its timeout) left the bench hanging after its stack trace.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("items", "100000", "users", "50000", "rps", "200", "seconds", "60",
        "dbuser", "kindred", "dbpassword", "kindred", "sweep", "false", "rates", "100,200,300,400,500,600",
        "sweep-seconds", "20", "kill-pid", "0"), "keycloak", "control", "recommend", "ingest", "jdbc");
    int items = Integer.parseInt(a.get("items"));
    int users = Integer.parseInt(a.get("users"));
    int rps = Integer.parseInt(a.get("rps"));
    double seconds = Double.parseDouble(a.get("seconds"));
    ControlClient control = new ControlClient(a.get("keycloak"), a.get("control"));
    ControlClient.Keys keys = control.onboard(control.token(), "Serve Bench", "serve-bench", "serve-bench-pw");
    UUID tenant = UUID.fromString(keys.tenantId());
    // The bench's own tenant: its key's quota must not be what the sweep measures.
    control.call("PATCH", a.get("control") + "/v1/tenants/" + tenant + "/settings", control.token(),
        "application/merge-patch+json", "{\"quotas\":{\"requestsPerSecond\":100000}}", 200);
    ServeData data = new ServeData(items, users);
    String waited;
    try (Connection c = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"))) {
      data.load(c, tenant);
      waited = Backlog.await(c, 1800);
    }
    System.err.println(waited);
    // HTTP/1.1 as a shop's backend calls an API; the JDK's HTTP/2 (h2c upgrade) client cost the shared
    // cores about twice the CPU per request of the service it measures.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newFixedThreadPool(8)).build();
    ServeRequests requests = new ServeRequests(http, a.get("recommend"), keys.serveKey(), users, items, 200_000);
    System.err.printf("warm-up: 10 s at %d requests/s%n", rps);
    OpenLoop.run(rps, 10, requests.of("feed"));
    System.err.printf("measuring: %.0f s at %d requests/s (GET /v1/users/{id}/recommendations?count=10), and freshness "
        + "meanwhile: %d a second, 'not interested' in a user's first item, then their feed until it is gone%n", seconds, rps,
        FRESHNESS_PER_S);
    CompletableFuture<OpenLoop.Result> load = CompletableFuture.supplyAsync(() -> {
      try {
        return OpenLoop.run(rps, seconds, requests.of("feed"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Executors.newSingleThreadExecutor());
    requests.resetServerTime();
    Thread.sleep(2000);
    Freshness.Result fresh = Freshness.measure(http, a.get("recommend"), a.get("ingest"), keys, requests.users(),
        (int) Math.max(20, Math.min(200, (seconds - 4) * FRESHNESS_PER_S)), FRESHNESS_PER_S);
    OpenLoop.Result served = load.get();
    double serverP50 = requests.serverP(50);
    double serverP99 = requests.serverP(99);
    System.err.printf("floor: %.0f s at %d queries/s (bare pgvector top-10 over JDBC)%n", seconds, rps);
    OpenLoop.Result floor = floor(a, tenant, data, rps, seconds);
    Map<String, Integer> capacity = new java.util.LinkedHashMap<>();
    StringBuilder sweep = new StringBuilder();
    if (Boolean.parseBoolean(a.get("sweep"))) {
      for (String endpoint : java.util.List.of("feed", "similar", "rerank")) {
        capacity.put(endpoint, Sweep.run(endpoint, requests.of(endpoint), a.get("rates"),
            Double.parseDouble(a.get("sweep-seconds")), CAPACITY_P99_MS, sweep));
      }
    }
    System.err.printf("sequence model: %d in-process next-item calls over the %d-item catalogue%n", 5000, items);
    SequenceLatency.Result seq = SequenceLatency.measure(items, 5000);
    long pid = Long.parseLong(a.get("kill-pid"));
    ImpressionLoss.Result loss = null;
    if (pid > 0) {
      System.err.printf("impression loss: feed at %d requests/s, recommend killed (SIGKILL) after %.0f s%n", rps,
          ImpressionLoss.BEFORE_KILL_S);
      try (Connection c = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"))) {
        loss = ImpressionLoss.measure(c, tenant, requests.of("feed"), rps, pid);
      }
    }
    System.out.println(waited);
    System.out.printf(Locale.ROOT, """
        | what | requests | errors | p50 ms | p90 ms | p99 ms | max ms |
        |---|---|---|---|---|---|---|
        | home feed over HTTP (%d items, %d users) | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | the same, time inside the service (Server-Timing) | | | %.2f | | %.2f | |
        | floor: bare pgvector top-10 (JDBC) | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | freshness under that load: event accepted → a response without the item | %d | %d | %.2f | %.2f | %.2f | %.2f |
        | sequence source: SASRec next items for one request (in-process, %d items) | %d | 0 | %.2f | – | %.2f | %.2f |
        """, items, users, served.sent(), served.errors(), served.p(50), served.p(90), served.p(99), served.maxMs(),
        serverP50, serverP99,
        floor.sent(), floor.errors(), floor.p(50), floor.p(90), floor.p(99), floor.maxMs(),
        fresh.samples(), fresh.failures(), fresh.p(50), fresh.p(90), fresh.p(99), fresh.max(),
        seq.items(), seq.calls(), seq.p50(), seq.p99(), seq.max());
    if (sweep.length() > 0) {
      System.out.printf("%nCapacity sweep (fixed rates, %s s each; capacity = highest rate with p99 ≤ %.0f ms and no errors):%n%n"
          + "| endpoint | rate/s | requests | errors | p50 ms | p99 ms |%n|---|---|---|---|---|---|%n%s%n",
          a.get("sweep-seconds"), CAPACITY_P99_MS, sweep);
    }
    if (loss != null) {
      System.out.printf(Locale.ROOT, "%nImpressions on kill -9 at %d requests/s: %d lists answered, %d impressions logged, "
          + "%d lost (one %.0f ms flush window holds %.0f).%n%n", rps, loss.answered(), loss.logged(), loss.lost(),
          ImpressionLoss.FLUSH_WINDOW_S * 1000, loss.flushWindow());
    }
    System.out.printf(Locale.ROOT, "serve rps=%d p50_ms=%.2f p99_ms=%.2f errors=%d capacity_rps=%s similar_capacity_rps=%s "
        + "rerank_capacity_rps=%s floor_p99_ms=%.2f fresh_p99_ms=%.2f p90_ms=%.2f max_ms=%.2f floor_p50_ms=%.2f "
        + "sequence_p50_ms=%.2f sequence_p99_ms=%.2f server_p50_ms=%.2f server_p99_ms=%.2f impressions_lost_on_kill=%d "
        + "impressions_flush_window=%.0f%n", rps, served.p(50),
        served.p(99), served.errors(),
        capacity.getOrDefault("feed", -1), capacity.getOrDefault("similar", -1), capacity.getOrDefault("rerank", -1),
        floor.p(99), fresh.p(99), served.p(90), served.maxMs(), floor.p(50), seq.p50(), seq.p99(), serverP50, serverP99,
        loss == null ? -1 : loss.lost(), loss == null ? -1 : loss.flushWindow());
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
