package dev.kindred.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracked events on their way: a bounded queue drained by one daemon thread into batches of
 * {@code batchSize} (or whatever waited {@code flushInterval}), each posted with retries. The server stores each batch entry by entry, so a retry of a batch
 * that was in fact stored comes back as duplicates (same event ids), never as a second copy.
 */
final class EventSender {

  /** How often the sender looks for a flush or close request while waiting (an idle client's only cost). */
  private static final long TICK_MS = 20;
  private final KindredConfig config;
  private final Http http;
  private final Backoff backoff;
  private final URI eventsUri;
  private final ArrayBlockingQueue<Event> queue;
  private final Thread thread;
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final Object progress = new Object();
  private long settled;
  private volatile long flushTarget;
  private volatile boolean closing;

  EventSender(KindredConfig config, Http http) {
    this.config = config;
    this.http = http;
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    this.eventsUri = config.ingestUrl() == null ? null : URI.create(config.ingestUrl() + "/v1/events");
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.thread = new Thread(this::run, "kindred-sdk-sender");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues the event; false (counted, and told to the listener) when the queue is full — at once
   * ({@code DROP_NEWEST}) or after waiting up to the request timeout for room ({@code BLOCK}).
   */
  boolean offer(Event e) {
    if (closing) {
      throw new IllegalStateException("the client is closed");
    }
    if (eventsUri == null) {
      throw new IllegalStateException("no ingestUrl configured: KindredConfig.builder().ingestUrl(...)");
    }
    boolean queued;
    try {
      queued = config.overflow() == KindredConfig.Overflow.BLOCK
          ? queue.offer(e, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS) : queue.offer(e);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      queued = false;
    }
    if (!queued) {
      dropped.incrementAndGet();
      config.listener().dropped(e);
      return false;
    }
    enqueued.incrementAndGet();
    return true;
  }

  /** Waits until every event queued before this call is stored, rejected or given up on; false on timeout. */
  boolean flush(Duration timeout) {
    long target;
    synchronized (progress) {
      target = enqueued.get();
    }
    flushTarget = Math.max(flushTarget, target);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (settled < target) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        try {
          progress.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Flushes within {@code timeout}, then stops; what is still queued is reported as failed. */
  void close(Duration timeout) {
    boolean flushed = flush(timeout);
    closing = true;
    if (!flushed) {
      thread.interrupt();
    }
    try {
      thread.join(timeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Event> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      giveUp(left, new KindredException("the client closed before these events were sent", null));
    }
  }

  KindredClient.Stats stats() {
    return new KindredClient.Stats(enqueued.get(), accepted.get(), duplicates.get(), rejected.get(), dropped.get(),
        failed.get(), retries.get(), queue.size());
  }

  /**
   * Events stay in the queue (so its capacity bounds what waits) until a batch is due: a full
   * batch, the oldest waiting {@code flushInterval}, a flush, or close. Only the batch being sent
   * is outside the queue.
   */
  private void run() {
    long firstSeen = -1;
    List<Event> batch = new ArrayList<>();
    try {
      while (true) {
        if (queue.isEmpty()) {
          if (closing) {
            return;
          }
          firstSeen = -1;
          Thread.sleep(TICK_MS);
          continue;
        }
        long now = System.nanoTime();
        firstSeen = firstSeen < 0 ? now : firstSeen;
        boolean due = queue.size() >= config.batchSize() || closing || flushTarget > settledCount()
            || now - firstSeen >= config.flushInterval().toNanos();
        if (!due) {
          Thread.sleep(TICK_MS);
          continue;
        }
        batch = new ArrayList<>();
        queue.drainTo(batch, config.batchSize());
        firstSeen = queue.isEmpty() ? -1 : now;
        deliver(batch);
        batch = List.of();
      }
    } catch (InterruptedException e) {
      giveUp(batch, new KindredException("the client closed while sending", e));
    }
  }

  private long settledCount() {
    synchronized (progress) {
      return settled;
    }
  }

  private void deliver(List<Event> batch) throws InterruptedException {
    List<Map<String, Object>> body = batch.stream().map(Event::toJson).toList();
    for (int attempt = 0; ; attempt++) {
      try {
        Http.Answer a = http.send("POST", eventsUri, config.ingestKey(), body);
        settle(batch, a.body());
        return;
      } catch (KindredException e) {
        if (!e.retryable()) {
          if (e.status() == 400 && e.errors().stream().allMatch(f -> f.index() != null) && !e.errors().isEmpty()) {
            settleRejected(batch, e.errors());
          } else {
            giveUp(batch, e);
          }
          return;
        }
        if (attempt + 1 >= config.maxAttempts()) {
          giveUp(batch, e);
          return;
        }
        retries.incrementAndGet();
        Thread.sleep(backoff.delay(attempt, e).toMillis());
      } catch (IllegalStateException e) {
        giveUp(batch, e);
        return;
      }
    }
  }

  /** A 200/207 answer: counts from the server, and each rejected entry told to the listener. */
  private void settle(List<Event> batch, JsonNode answer) {
    accepted.addAndGet(answer.path("accepted").asLong());
    duplicates.addAndGet(answer.path("duplicates").asLong());
    List<KindredException.FieldError> errors = new ArrayList<>();
    answer.path("errors").forEach(e -> errors.add(Http.fieldError(e)));
    int refused = 0;
    Map<Integer, List<KindredException.FieldError>> byIndex = byIndex(errors);
    for (JsonNode r : answer.path("results")) {
      if ("rejected".equals(r.path("status").asText())) {
        int i = r.path("index").asInt();
        refused++;
        config.listener().rejected(batch.get(i), byIndex.getOrDefault(i, List.of()));
      }
    }
    rejected.addAndGet(refused);
    done(batch.size());
  }

  /** A 400 naming entries: none of the batch was stored, each entry was wrong. */
  private void settleRejected(List<Event> batch, List<KindredException.FieldError> errors) {
    Map<Integer, List<KindredException.FieldError>> byIndex = byIndex(errors);
    for (int i = 0; i < batch.size(); i++) {
      config.listener().rejected(batch.get(i), byIndex.getOrDefault(i, List.of()));
    }
    rejected.addAndGet(batch.size());
    done(batch.size());
  }

  private void giveUp(List<Event> batch, Exception cause) {
    if (batch.isEmpty()) {
      return;
    }
    failed.addAndGet(batch.size());
    config.listener().failed(List.copyOf(batch), cause);
    done(batch.size());
  }

  private static Map<Integer, List<KindredException.FieldError>> byIndex(List<KindredException.FieldError> errors) {
    Map<Integer, List<KindredException.FieldError>> out = new HashMap<>();
    for (KindredException.FieldError f : errors) {
      if (f.index() != null) {
        out.computeIfAbsent(f.index(), k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }

  private void done(int n) {
    synchronized (progress) {
      settled += n;
      progress.notifyAll();
    }
  }
}
