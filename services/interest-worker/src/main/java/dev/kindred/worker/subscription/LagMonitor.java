package dev.kindred.worker.subscription;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * How far behind the log each subscription is, measured every
 * {@code kindred.worker.lag-interval-ms}: events not yet applied and the age of the oldest of them,
 * as Prometheus gauges ({@code kindred_subscription_lag_events}, {@code kindred_subscription_lag_seconds}
 * per subscription; {@code kindred_tenant_lag_events}, {@code kindred_tenant_lag_seconds} per tenant for
 * the interest profiles), and the interest projection's figures per tenant in {@code tenant_lag} (V27),
 * which ingest's lag gate and the console read.
 */
@ApplicationScoped
public class LagMonitor {

  /** One subscription's or one tenant's lag. */
  public record Lag(long events, double seconds) {
    static final Lag NONE = new Lag(0, 0);
  }

  private static final Logger LOG = Logger.getLogger(LagMonitor.class);
  private static final Duration DB = Duration.ofSeconds(30);
  private final Pool pool;
  private final MeterRegistry registry;
  private final jakarta.enterprise.inject.Instance<Subscriptions> subscriptions;
  private final long intervalMs;
  private final Map<String, AtomicLong[]> bySubscription = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicLong[]> byTenant = new ConcurrentHashMap<>();
  private Thread thread;

  public LagMonitor(Pool pool, MeterRegistry registry, jakarta.enterprise.inject.Instance<Subscriptions> subscriptions,
      dev.kindred.worker.config.WorkerConfig config) {
    this.subscriptions = subscriptions;
    this.pool = pool;
    this.registry = registry;
    this.intervalMs = config.lagIntervalMs();
  }

  void start(@Observes StartupEvent event) {
    if (intervalMs <= 0) {
      return;
    }
    // Measuring reads the log range behind each checkpoint: with a large backlog that is seconds of
    // database time, taken from the projections that are catching up. So at most 5 % of the time.
    thread = dev.kindred.worker.jobs.Periodic.start("lag-monitor", LOG, this::measureRunning,
        tookMs -> Math.max(intervalMs, 20 * tookMs));
  }

  void stop(@Observes ShutdownEvent event) {
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void measureRunning() {
    List<String> all = subscriptions.get().runners().stream().map(r -> r.name()).toList();
    measure(all, all.stream().filter(n -> n.startsWith("interest-profiles/")).toList());
  }

  /**
   * One measurement: the gauges of each named subscription, and the interest projection's lag per
   * tenant (the slowest of {@code interestPartitions}) recorded for ingest's gate and the console.
   */
  public void measure(List<String> names, List<String> interestPartitions) {
    Instant now = Instant.now();
    for (String subscription : names) {
      if (interestPartitions.contains(subscription)) {
        continue;
      }
      long events = 0;
      Instant oldest = null;
      for (Row r : pool.preparedQuery("SELECT tenant_id, events, oldest_at FROM measure_subscription_lag($1)")
          .execute(Tuple.of((Object) new String[] {subscription})).await().atMost(DB)) {
        events += r.getLong("events");
        Instant at = r.getOffsetDateTime("oldest_at").toInstant();
        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
      }
      set(gauges(bySubscription, subscription, "kindred_subscription_lag", "subscription", subscription),
          new Lag(events, age(oldest, now)));
    }
    if (interestPartitions.isEmpty()) {
      return;
    }
    // The interest profiles' lag is read once (per tenant, into tenant_lag); the partitions' gauges are
    // its totals: the log range behind the slowest partition, read twice per round, cost a second of
    // database time with a 300k backlog.
    pool.preparedQuery("SELECT record_interest_lag($1)").execute(Tuple.of((Object) interestPartitions.toArray(String[]::new)))
        .await().atMost(DB);
    Map<UUID, Lag> tenants = new java.util.HashMap<>();
    long total = 0;
    double oldest = 0;
    for (Row r : pool.query("SELECT tenant_id, events, oldest_at FROM all_tenant_lag()").execute().await().atMost(DB)) {
      OffsetDateTime at = r.getOffsetDateTime("oldest_at");
      Lag lag = new Lag(r.getLong("events"), age(at == null ? null : at.toInstant(), now));
      tenants.put(r.getUUID("tenant_id"), lag);
      total += lag.events();
      oldest = Math.max(oldest, lag.seconds());
    }
    for (String partition : interestPartitions) {
      set(gauges(bySubscription, partition, "kindred_subscription_lag", "subscription", partition), new Lag(total, oldest));
    }
    byTenant.keySet().forEach(t -> tenants.putIfAbsent(t, Lag.NONE));
    tenants.forEach((tenant, lag) -> set(gauges(byTenant, tenant, "kindred_tenant_lag", "tenant", tenant.toString()), lag));
  }

  /** The latest measured lag of a subscription (by its checkpoint's name). */
  public Lag subscription(String name) {
    AtomicLong[] g = bySubscription.get(name);
    return g == null ? Lag.NONE : new Lag(g[0].get(), g[1].get() / 1000.0);
  }

  /** The latest measured interest-projection lag of a tenant. */
  public Lag tenant(UUID tenant) {
    AtomicLong[] g = byTenant.get(tenant);
    return g == null ? Lag.NONE : new Lag(g[0].get(), g[1].get() / 1000.0);
  }

  private <K> AtomicLong[] gauges(Map<K, AtomicLong[]> map, K key, String name, String tag, String value) {
    return map.computeIfAbsent(key, k -> {
      AtomicLong events = new AtomicLong();
      AtomicLong millis = new AtomicLong();
      Gauge.builder(name + "_events", events, AtomicLong::get).tag(tag, value)
          .description("events recorded but not yet applied").register(registry);
      Gauge.builder(name + "_seconds", millis, m -> m.get() / 1000.0).tag(tag, value)
          .description("age of the oldest event not yet applied").register(registry);
      return new AtomicLong[] {events, millis};
    });
  }

  private static void set(AtomicLong[] gauges, Lag lag) {
    gauges[0].set(lag.events());
    gauges[1].set(Math.round(lag.seconds() * 1000));
  }

  private static double age(Instant oldest, Instant now) {
    return oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
  }
}
