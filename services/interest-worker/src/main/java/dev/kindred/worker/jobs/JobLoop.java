package dev.kindred.worker.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One thread that claims queued jobs of one kind ({@code claim_pending_job}, so two workers never
 * take the same job), runs them, and records progress (processed of total) that
 * {@code GET /v1/jobs/{id}} and the CLI show.
 */
public final class JobLoop {

  /** Runs one claimed job; {@code progress} is how it reports. */
  public interface Handler {
    void run(UUID jobId, UUID tenantId, JsonNode params, Progress progress) throws Exception;
  }

  /** Progress of the running job. */
  public interface Progress {
    void report(long processed, long total, String status, String error);

    /** What the job says of itself now (a training job: its latest validation check), shown with its progress. */
    default void detail(String text) {
    }
  }

  private static final Logger LOG = Logger.getLogger(JobLoop.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DB = Duration.ofSeconds(30);
  private final String kind;
  private final Pool pool;
  private final long pollMs;
  private final Handler handler;
  private volatile boolean stopped;
  private Thread thread;

  public JobLoop(String kind, Pool pool, long pollMs, Handler handler) {
    this.kind = kind;
    this.pool = pool;
    this.pollMs = pollMs;
    this.handler = handler;
  }

  public JobLoop start() {
    thread = new Thread(this::loop, "jobs-" + kind);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  public void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  public boolean stopped() {
    return stopped;
  }

  private void loop() {
    while (!stopped) {
      try {
        Row job = pool.preparedQuery("SELECT id, tenant_id, params FROM claim_pending_job($1)")
            .execute(Tuple.of((Object) new String[] {kind})).await().atMost(DB)
            .stream().findFirst().orElse(null);
        if (job == null) {
          Thread.sleep(pollMs);
          continue;
        }
        UUID id = job.getUUID("id");
        UUID tenant = job.getUUID("tenant_id");
        Progress progress = new Progress() {
          @Override
          public void report(long processed, long total, String status, String error) {
            progress(id, tenant, processed, total, status, error);
          }

          @Override
          public void detail(String text) {
            dev.kindred.tenancy.TenantTx.run(pool, tenant, c -> c.preparedQuery(
                    "UPDATE jobs SET detail = $3, updated_at = now() WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, tenant, text))).await().atMost(DB);
          }
        };
        try {
          handler.run(id, tenant, JSON.readTree(job.getString("params")), progress);
        } catch (InterruptedException e) {
          progress.report(0, 0, "FAILED", "the worker stopped; queue the job again");
          return;
        } catch (Exception e) {
          LOG.errorf(e, "%s job %s failed", kind, id);
          progress(id, tenant, -1, -1, "FAILED", String.valueOf(e.getMessage()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!stopped) {
          LOG.error(kind + " job loop failed", e);
          try {
            Thread.sleep(pollMs);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  /** Negative counts keep the stored ones (a failure reported without knowing them). */
  private void progress(UUID jobId, UUID tenantId, long processed, long total, String status, String error) {
    String errors = error == null ? "[]" : JSON.createArrayNode().add(JSON.createObjectNode().put("detail", error)).toString();
    dev.kindred.tenancy.TenantTx.run(pool, tenantId, c -> c.preparedQuery("""
            UPDATE jobs SET processed = CASE WHEN $3 < 0 THEN processed ELSE $3 END,
                   accepted = CASE WHEN $3 < 0 THEN accepted ELSE $3 END,
                   total = CASE WHEN $4 < 0 THEN total ELSE $4 END, status = $5, errors = $6::text::jsonb,
                   updated_at = now(), finished_at = CASE WHEN $5 IN ('COMPLETED', 'FAILED') THEN now() END
            WHERE id = $1 AND tenant_id = $2
            """).execute(Tuple.tuple(List.of(jobId, tenantId, processed, total, status, errors))))
        .await().atMost(DB);
  }
}
