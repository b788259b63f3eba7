package dev.kindred.control.keys.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records the end of rotations' overlap windows: every {@code kindred.control.key-expiry-sweep-seconds}
 * the keys whose {@code expires_at} has passed (every tenant's, through the owner-rights
 * {@code expired_api_keys()}) get their "expired" event and audit entry. Authentication does not wait
 * for this: a key is refused from its expiry time on. Several control instances may sweep at once;
 * recording is idempotent (the row update decides who writes).
 */
@ApplicationScoped
public class KeyExpirySweep {

  private static final Logger LOG = Logger.getLogger(KeyExpirySweep.class);
  private final Pool pool;
  private final KeyService keys;
  private final Vertx vertx;
  private final long periodMs;
  private long timer = -1;
  private volatile boolean running;

  public KeyExpirySweep(Pool pool, KeyService keys, Vertx vertx,
      @ConfigProperty(name = "kindred.control.key-expiry-sweep-seconds", defaultValue = "60") long periodSeconds) {
    this.pool = pool;
    this.keys = keys;
    this.vertx = vertx;
    this.periodMs = Math.max(1, periodSeconds) * 1000;
  }

  void start(@Observes StartupEvent e) {
    timer = vertx.setPeriodic(periodMs, id -> sweepOnce());
  }

  void stop(@Observes ShutdownEvent e) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void sweepOnce() {
    if (running) {
      return;
    }
    running = true;
    sweep().subscribe().with(n -> running = false, err -> {
      running = false;
      LOG.warnf("key expiry sweep failed: %s", err.getMessage());
    });
  }

  /** Records every passed expiry not yet recorded; how many were recorded. */
  public Uni<Integer> sweep() {
    return pool.query("SELECT tenant_id, key_id, expires_at FROM expired_api_keys()").execute().chain(rows -> {
      List<Row> due = new ArrayList<>();
      rows.forEach(due::add);
      return Multi.createFrom().iterable(due)
          .onItem().transformToUniAndConcatenate(r -> keys.recordExpiry(r.getUUID("tenant_id"), r.getString("key_id"),
              r.getOffsetDateTime("expires_at").toInstant()))
          .collect().asList()
          .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
    });
  }
}
