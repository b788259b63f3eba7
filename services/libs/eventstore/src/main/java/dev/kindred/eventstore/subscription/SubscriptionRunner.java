package dev.kindred.eventstore.subscription;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs one checkpointed subscription on its own thread. A dedicated connection holds the lease
 * (a session advisory lock on the subscription's name, so any number of workers may run and
 * exactly one applies) and LISTENs for {@code kindred_events}; each notification of an append of a type
 * it applies wakes the reader, which takes batches until it has caught up. The poll reads past appends
 * of other types, and is the safety net for lost wake-ups.
 */
public final class SubscriptionRunner<P> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SubscriptionRunner.class);
  private static final Duration LEASE_RETRY = Duration.ofSeconds(2);
  static final int ISOLATE_AFTER = 3;

  private final String name;
  private final Collection<String> types;
  private final int batchSize;
  private final Duration poll;
  private final SubscriptionHandler<P> handler;
  private final Pool pool;
  private final Vertx vertx;
  private final PgConnectOptions leaseOptions;
  private final SubscriptionStore store = new SubscriptionStore();
  private final Semaphore wakeups = new Semaphore(0);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  /** Consecutive failures of the same batch; at {@link #ISOLATE_AFTER} its events are tried one by one. */
  private int failures;
  private final Thread thread;
  private volatile PgConnection lease;
  private volatile boolean closed;
  private volatile Position position;
  private final RunnerStats stats = new RunnerStats();

  /** {@code types}: stored event type names to read, or null for all. */
  public SubscriptionRunner(String name, Collection<String> types, int batchSize, Duration poll,
      SubscriptionHandler<P> handler, Pool pool, Vertx vertx, PgConnectOptions leaseOptions) {
    this.name = name;
    this.types = types;
    this.batchSize = batchSize;
    this.poll = poll;
    this.handler = handler;
    this.pool = pool;
    this.vertx = vertx;
    this.leaseOptions = leaseOptions;
    this.thread = new Thread(this::run, "subscription-" + name);
    thread.setDaemon(true);
  }

  public SubscriptionRunner<P> start() {
    thread.start();
    return this;
  }

  /** Events applied by this runner since it started. */
  public long applied() {
    return applied.get();
  }

  public boolean holdsLease() {
    return lease != null;
  }

  public Position position() {
    return position;
  }

  private void run() {
    while (!closed) {
      try {
        if (!acquireLease()) {
          sleep(LEASE_RETRY);
          continue;
        }
        position = store.checkpoint(pool, name).await().atMost(Duration.ofSeconds(30));
        LOG.infof("subscription %s holds its lease; resuming after %s", name, position);
        consume();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.errorf(e, "subscription %s failed; retrying", name);
          dropLease();
          sleep(LEASE_RETRY);
        }
      }
    }
    dropLease();
  }

  /** Whether the last batch was full: more is waiting (a backlog), as far as this runner can tell. */
  private volatile boolean behind;

  public String name() {
    return name;
  }

  /** When this subscription last applied a batch that held events for it (System.nanoTime()). */
  private volatile long lastAppliedNanos;

  /** Whether it has a backlog or applied events within the last second (events are arriving). */
  public boolean busy() {
    return behind || System.nanoTime() - lastAppliedNanos < 1_000_000_000L;
  }

  private static final long IDLE_SAVE_NANOS = 1_000_000_000L;
  private long lastIdleSave;
  /** A position passed over (nothing for this subscription) and not written yet. */
  private Position unsaved;

  /** The batch after the one being written, read and prepared meanwhile (handlers that overlap). */
  private record Ahead<P>(SubscriptionStore.Batch batch, P prepared) {
  }

  private Ahead<P> ahead;
  private final AtomicLong preparedAhead = new AtomicLong();

  /** Batches this runner prepared while the one before them was being written (handlers that overlap). */
  public long preparedAhead() {
    return preparedAhead.get();
  }

  private void consume() {
    long backoffMs = 0;
    ahead = null;
    while (!closed && lease != null) {
      long t0 = System.nanoTime();
      Ahead<P> next = ahead;
      ahead = null;
      SubscriptionStore.Batch batch = next != null ? next.batch()
          : store.read(pool, position, types, batchSize).await().atMost(Duration.ofSeconds(30));
      long t1 = System.nanoTime();
      if (batch.end() == null) {
        behind = false;
        if (unsaved != null && System.nanoTime() - lastIdleSave > IDLE_SAVE_NANOS) {
          store.save(pool, name, unsaved).await().atMost(Duration.ofSeconds(30));
          lastIdleSave = System.nanoTime();
          unsaved = null;
        }
        // Woken but nothing is readable yet: an older transaction is still open. Look again soon.
        backoffMs = backoffMs == 0 ? 2 : Math.min(backoffMs * 2, poll.toMillis());
        waitForWakeup(backoffMs);
        continue;
      }
      List<Delivered> events = batch.events();
      if (events.isEmpty()) {
        // Only rows of other types (impressions, other projections' events) went past: the checkpoint
        // moves in memory, and is written at most once a second — a runner that takes over later
        // re-reads a range holding nothing for it. Every wake-up wrote it before, at the event rate.
        if (System.nanoTime() - lastIdleSave > IDLE_SAVE_NANOS) {
          store.save(pool, name, batch.end()).await().atMost(Duration.ofSeconds(30));
          lastIdleSave = System.nanoTime();
          unsaved = null;
        } else {
          unsaved = batch.end();
        }
      } else {
        unsaved = null;
        try {
          long t2 = applyBatch(events, batch.end(), next == null ? null : next.prepared(), events.size() >= batchSize);
          failures = 0;
          lastAppliedNanos = System.nanoTime();
          stats.record(events.size(), t1 - t0, t2 - t1, System.nanoTime() - t2);
          stats.logEvery(Duration.ofSeconds(30), name, LOG);
        } catch (RuntimeException e) {
          if (closed || ++failures < ISOLATE_AFTER) {
            throw e;
          }
          LOG.warnf(e, "subscription %s: the batch after %s failed %d times; applying its %d events one by one",
              name, position, failures, events.size());
          failures = 0;
          isolate(events, batch.end());
        }
      }
      position = batch.end();
      backoffMs = 0;
      behind = events.size() >= batchSize;
      if (events.size() < batchSize) {
        waitForWakeup(poll.toMillis());
      }
    }
  }

  /**
   * Prepares (unless {@code prepared} was, ahead) and applies {@code events} with the checkpoint
   * moved to {@code end}; when preparing ended. With {@code readAhead}, a handler that overlaps has
   * the next batch read and prepared while this one is written.
   */
  private long applyBatch(List<Delivered> events, Position end, P prepared, boolean readAhead) {
    P ready = prepared != null ? prepared : handler.prepare(events);
    long t2 = System.nanoTime();
    // Projections are rebuilt from the log, and the checkpoint commits with them: a crash that
    // loses the last transaction loses both, and the batch is applied again. So the projection's
    // commit need not wait for the WAL flush (the events' own commits always do).
    java.util.concurrent.CompletableFuture<Void> write = pool.withTransaction(tx -> tx.query("SET LOCAL synchronous_commit TO off")
            .execute()
            .chain(() -> handler.apply(tx, events, ready))
            .chain(() -> store.save(tx, name, end)))
        .subscribeAsCompletionStage();
    if (readAhead && handler.overlaps()) {
      ahead = readAhead(end, ready);
    }
    try {
      write.get(2, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      ahead = null;
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      ahead = null;
      write.cancel(true);
      throw new IllegalStateException("subscription " + name + ": applying a batch did not finish", e);
    }
    applied.addAndGet(events.size());
    return t2;
  }

  /** The batch after {@code end}, prepared against {@code inFlight}; null when none, or it failed (read again later). */
  private Ahead<P> readAhead(Position end, P inFlight) {
    try {
      SubscriptionStore.Batch batch = store.read(pool, end, types, batchSize).await().atMost(Duration.ofSeconds(30));
      if (batch.end() == null) {
        return null;
      }
      if (batch.events().isEmpty()) {
        return new Ahead<>(batch, null);
      }
      P prepared = handler.prepareAfter(batch.events(), inFlight);
      preparedAhead.incrementAndGet();
      return new Ahead<>(batch, prepared);
    } catch (RuntimeException e) {
      LOG.debugf(e, "subscription %s: reading ahead failed; the batch is read again in turn", name);
      return null;
    }
  }

  /**
   * A batch that keeps failing, one event at a time: each that fails on its own is parked (kept in
   * {@code subscription_parked} with the error, the checkpoint moved past it) so that one bad event
   * never stops a projection for every tenant. A parked event is not lost: it stays in the log and
   * a replay or a fix of the projection picks it up.
   */
  private void isolate(List<Delivered> events, Position end) {
    for (Delivered d : events) {
      try {
        applyBatch(List.of(d), d.position(), null, false);
      } catch (RuntimeException e) {
        if (closed) {
          throw e;
        }
        LOG.errorf(e, "subscription %s parks event %d (%s, tenant %s)", name, d.position().seq(),
            dev.kindred.events.EventType.of(d.envelope().event().getClass()).storedName(), d.envelope().tenantId());
        pool.withTransaction(tx -> store.park(tx, name, d, e).chain(() -> store.save(tx, name, d.position())))
            .await().atMost(Duration.ofSeconds(30));
        parked.incrementAndGet();
      }
    }
    store.save(pool, name, end).await().atMost(Duration.ofSeconds(30));
  }

  /** Events this runner parked because they failed on their own. */
  public long parked() {
    return parked.get();
  }

  private boolean acquireLease() {
    if (lease != null) {
      return true;
    }
    PgConnection conn = PgConnection.connect(vertx, leaseOptions).await().atMost(Duration.ofSeconds(30));
    boolean held = conn.preparedQuery("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held")
        .execute(Tuple.of("subscription:" + name)).await().atMost(Duration.ofSeconds(30))
        .iterator().next().getBoolean("held");
    if (!held) {
      conn.closeAndAwait();
      return false;
    }
    // Woken by appends of a type this subscription applies (V30: the payload names the types); others
    // are passed over at the next poll, so an append of impressions does not make every projection read.
    conn.notificationHandler(n -> {
      if (concerns(n.getPayload(), types)) {
        wakeups.release();
      }
    });
    conn.closeHandler(() -> {
      if (!closed) {
        LOG.warnf("subscription %s lost its lease connection", name);
      }
      lease = null;
      wakeups.release();
    });
    conn.query("LISTEN kindred_events").execute().await().atMost(Duration.ofSeconds(30));
    lease = conn;
    return true;
  }

  /**
   * Whether an append announced with {@code payload} — its event types, comma-separated; empty when
   * unknown — concerns a reader of {@code types} (null: every type).
   */
  static boolean concerns(String payload, Collection<String> types) {
    if (types == null || payload == null || payload.isEmpty()) {
      return true;
    }
    for (String type : payload.split(",")) {
      if (types.contains(type)) {
        return true;
      }
    }
    return false;
  }

  private void dropLease() {
    PgConnection conn = lease;
    lease = null;
    if (conn != null) {
      try {
        conn.closeAndAwait();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }

  private void waitForWakeup(long millis) {
    try {
      if (wakeups.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
        wakeups.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    wakeups.release();
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropLease();
  }
}
