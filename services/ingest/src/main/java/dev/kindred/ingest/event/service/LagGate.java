package dev.kindred.ingest.event.service;

import dev.kindred.web.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounded lag: while a tenant's interest profiles are further behind its events than
 * {@code kindred.ingest.max-lag-seconds} (the worker's measurement in {@code tenant_lag}, V27), its
 * behaviour events are answered 429 with Retry-After instead of being queued behind minutes of
 * backlog — the client keeps them and sends them again, and freshness does not drift silently.
 * The figures of every tenant are read at most once per {@code kindred.ingest.lag-refresh-ms}, in
 * the background: no statement on the request's path. A measurement older than a minute (no worker
 * measuring) does not refuse anything.
 */
@ApplicationScoped
public class LagGate {

  /** One tenant's measured lag: events behind, and the age of the oldest when it was measured. */
  record Measured(long events, double seconds, Instant measuredAt) {
  }

  private static final Logger LOG = Logger.getLogger(LagGate.class);
  private static final Duration TRUSTED_FOR = Duration.ofMinutes(1);
  private final Pool pool;
  private final long maxLagSeconds;
  private final long refreshMs;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Map<UUID, Measured> lags = Map.of();
  private volatile long refreshedAt;

  public LagGate(Pool pool, @ConfigProperty(name = "kindred.ingest.max-lag-seconds", defaultValue = "300") long maxLagSeconds,
      @ConfigProperty(name = "kindred.ingest.lag-refresh-ms", defaultValue = "1000") long refreshMs) {
    this.pool = pool;
    this.maxLagSeconds = maxLagSeconds;
    this.refreshMs = refreshMs;
  }

  /** Throws the 429 problem when the tenant's projection is behind the bound; otherwise nothing. */
  public void check(UUID tenant) {
    if (maxLagSeconds <= 0) {
      return;
    }
    refreshIfDue();
    Measured lag = lags.get(tenant);
    if (lag == null || lag.seconds() <= maxLagSeconds
        || lag.measuredAt().isBefore(Instant.now().minus(TRUSTED_FOR))) {
      return;
    }
    throw new ProblemException(429, "Interest profiles are behind",
        "this tenant's interest profiles are %d events (%.0f s) behind its events, more than the %d s bound; send these events again after Retry-After"
            .formatted(lag.events(), lag.seconds(), maxLagSeconds), null, 5L);
  }

  private void refreshIfDue() {
    if (System.currentTimeMillis() - refreshedAt < refreshMs || !refreshing.compareAndSet(false, true)) {
      return;
    }
    pool.query("SELECT tenant_id, events, oldest_at, measured_at FROM all_tenant_lag()").execute()
        .subscribe().with(rows -> {
          Map<UUID, Measured> next = new HashMap<>();
          for (Row r : rows) {
            Instant measured = r.getOffsetDateTime("measured_at").toInstant();
            var oldest = r.getOffsetDateTime("oldest_at");
            double seconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), measured).toMillis() / 1000.0);
            next.put(r.getUUID("tenant_id"), new Measured(r.getLong("events"), seconds, measured));
          }
          lags = next;
          refreshedAt = System.currentTimeMillis();
          refreshing.set(false);
        }, failure -> {
          LOG.warnf("tenants' projection lag not read: %s", failure.getMessage());
          refreshedAt = System.currentTimeMillis();
          refreshing.set(false);
        });
  }
}
