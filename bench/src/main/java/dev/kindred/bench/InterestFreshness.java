package dev.kindred.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Freshness of interest profiles on the running stack: a steady stream of view events (default
 * 1,000/s for 10,000 events, in requests of 10) through {@code POST /v1/events}; for every event,
 * the time from the POST returning to the user's profile row carrying that event as its last
 * applied one, observed by polling the profile table every few milliseconds. A user gets a new
 * event only once the previous one is reflected, so "last applied" is exact.
 */
public final class InterestFreshness {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("events", "10000", "rate", "1000", "users", "4000", "items", "3000"),
        "warmup", "ingest", "key", "tenant", "jdbc", "dbuser", "dbpassword");
    int measured = Integer.parseInt(a.get("events"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "3000"));
    // A warm-up at the same rate first (JIT, caches, the tenant's interest model), not recorded.
    System.err.printf("warm-up: %d events%n", warmup);
    run(a, warmup, false);
    run(a, measured, true);
  }

  private static void run(Map<String, String> a, int total, boolean report) throws Exception {
    int rate = Integer.parseInt(a.get("rate"));
    int users = Integer.parseInt(a.get("users"));
    int items = Integer.parseInt(a.get("items"));
    String url = a.get("ingest") + "/v1/events";
    String key = a.get("key");
    String tenant = a.get("tenant");
    String run = Long.toString(System.currentTimeMillis(), 36);

    Map<UUID, Long> returned = new ConcurrentHashMap<>();
    Map<String, UUID> outstanding = new ConcurrentHashMap<>();
    Histogram latency = new Histogram(60_000_000L, 3);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger seen = new AtomicInteger();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Random random = new Random(5);
    // Four independent senders (a fixed-rate task never overlaps itself), each a quarter of the rate.
    int senders = 4;
    ScheduledExecutorService sender = Executors.newScheduledThreadPool(senders);
    int perRequest = 10;
    long periodMicros = 1_000_000L * perRequest * senders / rate;
    long start = System.nanoTime();
    Runnable send = () -> {
      if (sent.get() >= total) {
        return;
      }
      List<Map<String, Object>> batch = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      synchronized (random) {
        for (int tries = 0; batch.size() < perRequest && tries < perRequest * 20; tries++) {
          String user = "fresh-" + run + "-" + random.nextInt(users);
          if (outstanding.containsKey(user)) {
            continue;
          }
          UUID id = UUID.randomUUID();
          outstanding.put(user, id);
          ids.add(id);
          batch.add(Map.of("eventId", id.toString(), "type", "view", "userId", user,
              "itemId", String.format("item-%05d", random.nextInt(items))));
        }
      }
      try {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
            .build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        long now = System.nanoTime();
        if (resp.statusCode() != 200) {
          System.err.println("POST answered " + resp.statusCode() + ": " + resp.body());
        }
        ids.forEach(id -> returned.put(id, now));
        sent.addAndGet(ids.size());
      } catch (Exception e) {
        System.err.println("POST failed: " + e);
      }
    };
    for (int i = 0; i < senders; i++) {
      sender.scheduleAtFixedRate(send, i * periodMicros / senders, periodMicros, TimeUnit.MICROSECONDS);
    }

    // A failing poll must not leave the senders' (non-daemon) threads running the JVM for ever.
    try (AutoCloseable stopSenders = sender::shutdownNow;
         Connection db = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"));
         // Profiles are keyed by pseudonyms (V15): the users waited for are read by their key, and a
         // profile is matched to the event it waits for by the id of the last event applied to it.
         // (Polling "updated since" scanned the tenant's profiles: 0.2-0.7 s of a database core per
         // poll, which the measured freshness and the sender's rate paid for.)
         PreparedStatement poll = db.prepareStatement(
             "SELECT user_id, last_event_id FROM interest_profiles WHERE tenant_id = ?::uuid AND user_id = ANY (?)")) {
      Pseudonyms pseudonyms = new Pseudonyms(db, UUID.fromString(tenant));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(total / rate + 60);
      while (seen.get() < total && System.nanoTime() < deadline) {
        long pollStart = System.nanoTime();
        Map<String, String> waitingFor = pseudonyms.of(List.copyOf(outstanding.keySet()));
        Map<String, String> userByPseudonym = new java.util.HashMap<>();
        waitingFor.forEach((user, pseudonym) -> userByPseudonym.put(pseudonym, user));
        poll.setString(1, tenant);
        poll.setArray(2, db.createArrayOf("text", userByPseudonym.keySet().toArray()));
        try (ResultSet rs = poll.executeQuery()) {
          long now = System.nanoTime();
          while (rs.next()) {
            UUID last = (UUID) rs.getObject(2);
            String user = userByPseudonym.get(rs.getString(1));
            UUID waiting = user == null ? null : outstanding.get(user);
            Long t0 = waiting == null ? null : returned.get(waiting);
            if (waiting != null && waiting.equals(last) && t0 != null) {
              latency.recordValue(Math.max(0, (now - t0) / 1_000));
              outstanding.remove(user, waiting);
              seen.incrementAndGet();
            }
          }
        }
        long spent = System.nanoTime() - pollStart;
        if (spent < 5_000_000) {
          Thread.sleep((5_000_000 - spent) / 1_000_000);
        }
      }
    }
    sender.shutdownNow();
    if (!report) {
      return;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%d events sent at a target of %d/s (%.0f/s achieved), %d reflected; freshness p50 %.1f ms, "
            + "p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", sent.get(), rate, sent.get() / seconds, seen.get(),
        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
    System.out.printf("freshness_p50_ms=%.1f freshness_p99_ms=%.1f reflected=%d%n",
        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, seen.get());
  }
}
