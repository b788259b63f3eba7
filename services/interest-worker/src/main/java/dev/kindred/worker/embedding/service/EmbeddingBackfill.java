package dev.kindred.worker.embedding.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.embedding.repository.ItemVectorRepository;
import dev.kindred.worker.embedding.repository.ItemVectorRepository.ItemToEmbed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs queued {@code embed} jobs: (re-)embeds a tenant's items that lack a vector under the current
 * model — or all of them with {@code {"force": true}} — page by page, writing progress
 * (processed of total) that {@code GET /v1/jobs/{id}} and {@code bin/kindred reembed} show.
 */
@ApplicationScoped
public class EmbeddingBackfill {

  public static final String KIND = "embed";
  private static final Logger LOG = Logger.getLogger(EmbeddingBackfill.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 128;
  private static final Duration DB = Duration.ofSeconds(30);

  private final Pool pool;
  private final ItemVectorRepository repo;
  private final ItemEmbedder embedder;
  private final WorkerConfig config;
  private volatile boolean stopped;
  private Thread thread;

  public EmbeddingBackfill(Pool pool, ItemVectorRepository repo, ItemEmbedder embedder, WorkerConfig config) {
    this.pool = pool;
    this.repo = repo;
    this.embedder = embedder;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    thread = new Thread(this::loop, "embedding-backfill");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) {
    stopped = true;
    thread.interrupt();
  }

  private void loop() {
    while (!stopped) {
      try {
        Row job = pool.preparedQuery("SELECT id, tenant_id, params FROM claim_pending_job($1)")
            .execute(Tuple.of((Object) new String[] {KIND})).await().atMost(DB)
            .stream().findFirst().orElse(null);
        if (job == null) {
          Thread.sleep(config.jobPollMs());
          continue;
        }
        run(job.getUUID("id"), job.getUUID("tenant_id"), JSON.readTree(job.getString("params")));
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!stopped) {
          LOG.error("embedding backfill loop failed", e);
          sleepQuietly();
        }
      }
    }
  }

  void run(UUID jobId, UUID tenantId, JsonNode params) {
    boolean all = params.path("force").asBoolean(false);
    String model = embedder.modelKey();
    long total = TenantTx.run(pool, tenantId, c -> repo.count(c, tenantId, model, all)).await().atMost(DB);
    progress(jobId, tenantId, 0, total, "RUNNING", null);
    long processed = 0;
    String after = "";
    try {
      while (!stopped) {
        String from = after;
        List<ItemToEmbed> page = TenantTx.run(pool, tenantId, c -> repo.page(c, tenantId, model, all, from, PAGE))
            .await().atMost(DB);
        if (page.isEmpty()) {
          break;
        }
        var vectors = embedder.embed(page);
        TenantTx.run(pool, tenantId, c -> repo.write(c, tenantId, model, vectors)).await().atMost(DB);
        processed += page.size();
        after = page.get(page.size() - 1).itemId();
        progress(jobId, tenantId, processed, Math.max(total, processed), "RUNNING", null);
      }
      progress(jobId, tenantId, processed, Math.max(total, processed), stopped ? "FAILED" : "COMPLETED",
          stopped ? "the worker stopped; queue the job again" : null);
      LOG.infof("embedding job %s for tenant %s: %d items embedded", jobId, tenantId, processed);
    } catch (RuntimeException e) {
      progress(jobId, tenantId, processed, total, "FAILED", e.getMessage());
      throw e;
    }
  }

  private void progress(UUID jobId, UUID tenantId, long processed, long total, String status, String error) {
    String errors = error == null ? "[]" : JSON.createArrayNode().add(JSON.createObjectNode().put("detail", error)).toString();
    TenantTx.run(pool, tenantId, c -> c.preparedQuery("""
            UPDATE jobs SET processed = $3, accepted = $3, total = $4, status = $5, errors = $6::text::jsonb,
                   updated_at = now(), finished_at = CASE WHEN $5 IN ('COMPLETED', 'FAILED') THEN now() END
            WHERE id = $1 AND tenant_id = $2
            """).execute(Tuple.tuple(List.of(jobId, tenantId, processed, total, status, errors))))
        .await().atMost(DB);
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(config.jobPollMs());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
