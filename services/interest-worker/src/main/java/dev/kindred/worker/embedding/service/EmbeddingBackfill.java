package dev.kindred.worker.embedding.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.embedding.repository.ItemVectorRepository;
import dev.kindred.worker.embedding.repository.ItemVectorRepository.ItemToEmbed;
import dev.kindred.worker.jobs.JobLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
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
  private static final int PAGE = 128;
  private static final Duration DB = Duration.ofSeconds(30);

  private final Pool pool;
  private final ItemVectorRepository repo;
  private final ItemEmbedder embedder;
  private final WorkerConfig config;
  private JobLoop jobs;

  public EmbeddingBackfill(Pool pool, ItemVectorRepository repo, ItemEmbedder embedder, WorkerConfig config) {
    this.pool = pool;
    this.repo = repo;
    this.embedder = embedder;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
  }

  void run(UUID jobId, UUID tenantId, JsonNode params, JobLoop.Progress progress) {
    boolean all = params.path("force").asBoolean(false);
    String model = embedder.modelKey();
    long total = TenantTx.run(pool, tenantId, c -> repo.count(c, tenantId, model, all)).await().atMost(DB);
    progress.report(0, total, "RUNNING", null);
    long processed = 0;
    String after = "";
    try {
      while (!jobs.stopped()) {
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
        progress.report(processed, Math.max(total, processed), "RUNNING", null);
      }
      boolean stopped = jobs.stopped();
      progress.report(processed, Math.max(total, processed), stopped ? "FAILED" : "COMPLETED",
          stopped ? "the worker stopped; queue the job again" : null);
      LOG.infof("embedding job %s for tenant %s: %d items embedded", jobId, tenantId, processed);
    } catch (RuntimeException e) {
      progress.report(processed, total, "FAILED", e.getMessage());
      throw e;
    }
  }
}
