package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Durability of ingest under a crash: four clients post batches of 200 events, each retried with
 * the same event ids until it is acknowledged (what the SDKs do); meanwhile the ingest process —
 * or PostgreSQL, postmaster and every backend — is killed with SIGKILL and started again.
 * Afterwards every acknowledged event is in the log exactly once: none lost by the kill, none
 * stored twice by the retries.
 */
class IngestCrashIT {

  private static final int CLIENTS = 4;
  private static final int BATCH = 200;

  @Test
  void everyAcknowledgedEventIsStoredExactlyOnceAcrossAKillOfIngest() throws Exception {
    Stack stack = Stack.get();
    underLoad(stack, stack.onboard("crash"), "ingest", () -> {
      stack.killHard("ingest");
      Stack.sleep(500);
      stack.restart("ingest");
    });
  }

  @Test
  void everyAcknowledgedEventIsStoredExactlyOnceAcrossAKillOfPostgres() throws Exception {
    Stack stack = Stack.get();
    underLoad(stack, stack.onboard("pgcrash"), "PostgreSQL", () -> shell("pg_kill_hard \"$KINDRED_TEST_PG_DIR\" && sleep 1"
        + " && pg_start \"$KINDRED_TEST_PG_DIR\" \"$KINDRED_DB_PORT\""));
    // Keycloak shares this PostgreSQL: its pooled connections died with it and are replaced as
    // they fail, so the tests after this one wait until it signs tokens again.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        stack.control.token();
        return;
      } catch (Exception notYet) {
        assertThat(System.nanoTime()).as("Keycloak back after the database restart: %s", notYet).isLessThan(deadline);
        Stack.sleep(250);
      }
    }
  }

  private static void underLoad(Stack stack, Stack.Tenant tenant, String victim, Runnable crash) throws Exception {
    String url = stack.url("ingest") + "/v1/events";
    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger failedTries = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        int n = 0;
        while (!stop.get()) {
          List<UUID> ids = new ArrayList<>();
          StringBuilder body = new StringBuilder("[");
          for (int i = 0; i < BATCH; i++, n++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(id).append("\",\"type\":\"view\",\"userId\":\"crash-")
                .append(client).append('-').append(n % 50).append("\",\"itemId\":\"item-").append(n % 300)
                .append("\",\"occurredAt\":\"").append(Instant.now()).append("\"}");
          }
          body.append(']');
          postUntilAcknowledged(http, url, tenant.ingestKey(), body.toString(), failedTries);
          acknowledged.addAll(ids);
        }
        return null;
      }));
    }
    awaitAtLeast(acknowledged, 2_000);
    int atKill = acknowledged.size();
    crash.run();
    awaitAtLeast(acknowledged, atKill + 2_000);
    stop.set(true);
    for (Future<?> f : clients) {
      f.get();
    }
    pool.shutdown();

    // The kill really hit the load: batches in flight or sent while ingest was down failed and were retried.
    assertThat(failedTries.get()).isPositive();
    List<UUID> stored = new ArrayList<>();
    String db = "jdbc:postgresql://127.0.0.1:" + System.getenv("KINDRED_DB_PORT") + "/kindred";
    try (Connection c = DriverManager.getConnection(db, "kindred", "kindred");
        PreparedStatement st = c.prepareStatement("SELECT event_id FROM events WHERE tenant_id = ?::uuid AND type = 'ItemViewed'")) {
      st.setString(1, tenant.id());
      try (ResultSet r = st.executeQuery()) {
        while (r.next()) {
          stored.add(r.getObject(1, UUID.class));
        }
      }
    }
    Set<UUID> distinct = new HashSet<>(stored);
    assertThat(stored).as("no event stored twice").hasSize(distinct.size());
    Set<UUID> lost = new HashSet<>(acknowledged);
    lost.removeAll(distinct);
    assertThat(acknowledged).hasSizeGreaterThan(atKill);
    assertThat(lost).as("acknowledged events missing from the log").isEmpty();
    System.out.printf("crash of %s under load: %d events acknowledged (%d before the kill), %d failed tries retried,"
        + " %d stored, 0 missing, 0 stored twice%n", victim, acknowledged.size(), atKill, failedTries.get(), stored.size());
  }

  /** Runs bin/lib's shell functions (the test's PostgreSQL is the one bin/kindred test started). */
  private static void shell(String script) {
    try {
      java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("kindred.root", "..")).toAbsolutePath().normalize();
      Process p = new ProcessBuilder("bash", "-c", "for f in bin/lib/*.sh; do . \"$f\"; done; " + script)
          .directory(root.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("%s: %s", script, out).isZero();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts the batch until ingest answers 200 (the same ids every time); counts the failed tries. */
  private static void postUntilAcknowledged(HttpClient http, String url, String key, String body, AtomicInteger failed)
      throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          JsonNode answer = Http.JSON.readTree(r.body());
          assertThat(answer.path("accepted").asInt() + answer.path("duplicates").asInt()).isEqualTo(BATCH);
          return;
        }
        assertThat(r.statusCode()).as("only a crash may refuse a valid batch: %s", r.body()).isGreaterThanOrEqualTo(500);
      } catch (IOException down) {
        // refused or cut off while ingest is down: the same batch again
      }
      failed.incrementAndGet();
      Thread.sleep(100);
    }
    throw new IllegalStateException("a batch was not acknowledged within a minute of retries");
  }

  private static void awaitAtLeast(Set<UUID> acknowledged, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (acknowledged.size() < n) {
      assertThat(System.nanoTime()).as("%d events acknowledged in time", n).isLessThan(deadline);
      Stack.sleep(20);
    }
  }
}
