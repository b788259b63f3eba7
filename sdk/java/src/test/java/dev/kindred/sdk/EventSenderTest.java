package dev.kindred.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's behaviour under faults the real ingest service cannot be made to show on demand
 * (a 503, a lost connection, a scripted 207): a local HTTP server answers from a script. The real
 * service is exercised by {@code e2e-tests}' {@code JavaSdkIT}.
 */
class EventSenderTest {

  private HttpServer server;
  private final Queue<String[]> script = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Each request takes the next scripted answer {status, Retry-After or null, body}; default 200 all accepted. */
  private String start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/events", ex -> {
      calls.incrementAndGet();
      JsonNode batch = Http.JSON.readTree(ex.getRequestBody());
      received.add(batch);
      String[] a = script.poll();
      if (a == null) {
        a = new String[] {"200", null, "{\"accepted\":" + batch.size() + ",\"duplicates\":0,\"rejected\":0}"};
      }
      if (a[1] != null) {
        ex.getResponseHeaders().add("Retry-After", a[1]);
      }
      byte[] body = a[2].getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(Integer.parseInt(a[0]), body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private KindredConfig.Builder config(String url) {
    return KindredConfig.builder().ingestUrl(url).ingestKey("kd_ing_test").backoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  @Test
  void eventsGoOutInBatchesOfTheConfiguredSizeAndFlushSendsTheRest() throws Exception {
    try (KindredClient c = new KindredClient(config(start()).batchSize(10).flushInterval(Duration.ofHours(1)).build())) {
      for (int i = 0; i < 25; i++) {
        assertThat(c.track(Event.view("u" + i, "item-" + i))).isTrue();
      }
      assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(received).extracting(JsonNode::size).containsExactly(10, 10, 5);
      assertThat(c.stats().accepted()).isEqualTo(25);
      assertThat(received.get(0).get(0).get("type").asText()).isEqualTo("view");
      assertThat(received.get(0).get(0).get("eventId").asText()).hasSize(36);
    }
  }

  @Test
  void aFailedBatchIsRetriedWithTheSameEventIdsAndRetryAfterIsHonoured() throws Exception {
    script.add(new String[] {"503", null, "{\"title\":\"Service Unavailable\"}"});
    script.add(new String[] {"429", "1", "{\"title\":\"Too Many Requests\"}"});
    try (KindredClient c = new KindredClient(config(start()).batchSize(2).build())) {
      long start = System.nanoTime();
      c.track(Event.click("u1", "a"));
      c.track(Event.click("u1", "b"));
      assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
      // 503, then 429 asking for 1 s, then stored: the wait before the third attempt was at least 1 s.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(calls.get()).isEqualTo(3);
      assertThat(c.stats().retries()).isEqualTo(2);
      assertThat(c.stats().accepted()).isEqualTo(2);
      assertThat(received.get(0)).isEqualTo(received.get(2));
    }
  }

  @Test
  void rejectedEntriesAreToldToTheListenerAndTheRestCounted() throws Exception {
    List<String> refused = Collections.synchronizedList(new ArrayList<>());
    DeliveryListener l = new DeliveryListener() {
      @Override
      public void rejected(Event event, List<KindredException.FieldError> errors) {
        refused.add(event.type() + ":" + errors.get(0).field());
      }
    };
    script.add(new String[] {"207", null, """
        {"accepted":1,"duplicates":1,"rejected":1,
         "results":[{"index":0,"status":"accepted"},{"index":1,"status":"rejected"},{"index":2,"status":"duplicate"}],
         "errors":[{"field":"itemId","detail":"too long","index":1}]}"""});
    script.add(new String[] {"400", null, """
        {"title":"Bad Request","errors":[{"field":"rating","detail":"must be 0-10","index":0}]}"""});
    try (KindredClient c = new KindredClient(config(start()).batchSize(3).listener(l).build())) {
      c.track(Event.view("u", "a"));
      c.track(Event.purchase("u", "b"));
      c.track(Event.view("u", "c"));
      c.flush();
      c.track(Event.rating("u", "d", 99));
      c.flush();
      assertThat(refused).containsExactly("purchase:itemId", "rating:rating");
      KindredClient.Stats s = c.stats();
      assertThat(List.of(s.accepted(), s.duplicates(), s.rejected(), s.failed())).containsExactly(1L, 1L, 2L, 0L);
      // A refused batch is not retried.
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void whenTheServerNeverAnswersTheBatchFailsAfterTheLastAttempt() throws Exception {
    List<Integer> failedSizes = new ArrayList<>();
    DeliveryListener l = new DeliveryListener() {
      @Override
      public void failed(List<Event> events, Exception cause) {
        failedSizes.add(events.size());
      }
    };
    String url = start();
    server.stop(0);
    try (KindredClient c = new KindredClient(config(url).maxAttempts(3).listener(l).build())) {
      c.track(Event.search("u", "waterproof jacket"));
      assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(c.stats().failed()).isEqualTo(1);
      assertThat(c.stats().retries()).isEqualTo(2);
      assertThat(failedSizes).containsExactly(1);
    }
    server = null;
  }

  @Test
  void aFullQueueDropsTheNewestEventAndCountsIt() throws Exception {
    List<String> dropped = new ArrayList<>();
    DeliveryListener l = new DeliveryListener() {
      @Override
      public void dropped(Event event) {
        dropped.add(event.eventId());
      }
    };
    // Nothing is sent before a batch of 1,000 or an hour passes: the queue of 5 fills.
    KindredClient c = new KindredClient(config(start()).queueCapacity(5).batchSize(1000)
        .flushInterval(Duration.ofHours(1)).listener(l).build());
    List<Boolean> queued = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Event e = Event.view("u", "i" + i);
      events.add(e);
      queued.add(c.track(e));
    }
    // Events wait in the queue until a batch is due, so its capacity is the bound: the last three are dropped.
    assertThat(queued).containsExactly(true, true, true, true, true, false, false, false);
    assertThat(c.stats().dropped()).isEqualTo(3);
    assertThat(c.stats().queued()).isEqualTo(5);
    assertThat(dropped).containsExactlyElementsOf(events.subList(5, 8).stream().map(Event::eventId).toList());
    c.close();
    assertThat(c.stats().accepted()).isEqualTo(5);
    assertThat(received).hasSize(1);
    assertThatThrownBy(() -> c.track(Event.view("u", "late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theBlockPolicyWaitsForRoomInsteadOfDropping() throws Exception {
    try (KindredClient c = new KindredClient(config(start()).queueCapacity(2).batchSize(1000)
        .flushInterval(Duration.ofMillis(100)).overflow(KindredConfig.Overflow.BLOCK).build())) {
      for (int i = 0; i < 7; i++) {
        assertThat(c.track(Event.view("u", "i" + i))).isTrue();
      }
      c.flush();
      assertThat(c.stats().dropped()).isZero();
      assertThat(c.stats().accepted()).isEqualTo(7);
      // Never more than the queue's two events in one batch.
      assertThat(received).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(2));
    }
  }
}
