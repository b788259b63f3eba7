package dev.kindred.worker.jobs;

import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Queues jobs of given kinds for every tenant at a fixed interval — one of each kind per tenant
 * at a time: a tenant that still has one waiting or running gets no second. The job loops of the
 * kinds do the work; this only decides when (retention daily, model training nightly).
 */
public final class JobSchedule {

  private static final Logger LOG = Logger.getLogger(JobSchedule.class);
  private static final Duration DB = Duration.ofSeconds(30);

  private JobSchedule() {
  }

  /**
   * Starts a daemon thread that queues the {@code kinds} for every tenant, then sleeps {@code every},
   * until interrupted; {@code waitFirst}: the first round comes after one interval, not at start-up.
   */
  public static Thread start(String name, Pool pool, Duration every, List<String> kinds, boolean waitFirst) {
    Thread t = new Thread(() -> {
      if (waitFirst) {
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      loop(pool, every, kinds);
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void loop(Pool pool, Duration every, List<String> kinds) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        List<UUID> all = new ArrayList<>();
        pool.query("SELECT id FROM platform_list_tenants()").execute().await().atMost(DB).forEach(r -> all.add(r.getUUID(0)));
        queueMissing(pool, all, kinds);
      } catch (RuntimeException e) {
        LOG.errorf("scheduling %s failed; trying again in %s: %s", kinds, every, e);
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Queues each kind for each tenant that has none of that kind waiting or running; answers how many were queued. */
  public static int queueMissing(Pool pool, List<UUID> tenants, List<String> kinds) {
    int queued = 0;
    for (UUID tenant : tenants) {
      for (String kind : kinds) {
        queued += TenantTx.run(pool, tenant, c -> c.preparedQuery(
                "SELECT count(*) FROM jobs WHERE kind = $1 AND status IN ('PENDING', 'RUNNING')").execute(Tuple.of(kind))
            .chain(rows -> rows.iterator().next().getLong(0) > 0 ? Uni.createFrom().item(0)
                : c.preparedQuery("INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, $3, 'PENDING', '{}')")
                    .execute(Tuple.of(UUID.randomUUID(), tenant, kind)).map(r -> 1))).await().atMost(DB);
      }
    }
    return queued;
  }
}
