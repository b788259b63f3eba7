package dev.kindred.recommend.serving;

import dev.kindred.events.EventEnvelope;
import dev.kindred.eventstore.EventStore;
import dev.kindred.tenancy.TenantTx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Impressions waiting to be appended: a flusher thread takes everything buffered every
 * {@code flushMs} and appends it in one multi-row append per tenant (a transaction each), so a served
 * list costs no write of its own. At most {@link #CAPACITY} wait; beyond that new ones are dropped and
 * counted (serving never waits for the log). A clean stop flushes; a crash loses at most one window.
 */
@ApplicationScoped
public class ImpressionBuffer {

  static final int CAPACITY = 100_000;
  private static final Logger LOG = Logger.getLogger(ImpressionBuffer.class);
  private final Pool pool;
  private final EventStore store;
  private final long flushMs;
  private final ConcurrentLinkedQueue<EventEnvelope> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private volatile boolean running = true;
  private Thread flusher;

  public ImpressionBuffer(Pool pool, EventStore store,
      @ConfigProperty(name = "kindred.recommend.impression-flush-ms", defaultValue = "100") long flushMs) {
    this.pool = pool;
    this.store = store;
    this.flushMs = flushMs;
  }

  void start(@Observes StartupEvent e) {
    flusher = new Thread(this::loop, "impression-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  void stop(@Observes ShutdownEvent e) {
    running = false;
    if (flusher != null) {
      flusher.interrupt();
      try {
        flusher.join(5_000);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }

  public void add(EventEnvelope impression) {
    if (size.incrementAndGet() > CAPACITY) {
      size.decrementAndGet();
      if (dropped.incrementAndGet() % 1000 == 1) {
        LOG.warnf("impression buffer full: %d impressions dropped so far", dropped.get());
      }
      return;
    }
    waiting.add(impression);
  }

  /** Impressions appended and dropped since start (for tests and the bench). */
  public long appended() {
    return appended.get();
  }

  public long dropped() {
    return dropped.get();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(flushMs);
      } catch (InterruptedException e) {
        break;
      }
      flush();
    }
  }

  /** Appends everything buffered now, one transaction per tenant. */
  synchronized void flush() {
    Map<UUID, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
    EventEnvelope e;
    while ((e = waiting.poll()) != null) {
      size.decrementAndGet();
      byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<UUID, List<EventEnvelope>> t : byTenant.entrySet()) {
      try {
        TenantTx.run(pool, t.getKey(), c -> store.append(c, t.getValue())).await().atMost(Duration.ofSeconds(30));
        appended.addAndGet(t.getValue().size());
      } catch (RuntimeException err) {
        LOG.warnf("%d impressions of tenant %s not logged: %s", t.getValue().size(), t.getKey(), err.getMessage());
      }
    }
  }
}
