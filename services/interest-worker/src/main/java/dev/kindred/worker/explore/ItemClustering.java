package dev.kindred.worker.explore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.inference.Vectors;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.jobs.JobLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs queued {@code cluster-items} jobs ({@code bin/kindred recluster}): spherical k-means over a
 * tenant's item embeddings (k = √(n/2) within 2..256 unless {@code {"k": n}}; fitted on up to 20,000
 * items), each cluster's size and its 3 nearest clusters — the graph exploration walks. The new
 * clusters replace the old in one transaction, and the exploration record starts afresh (the ids
 * name different areas now).
 */
@ApplicationScoped
public class ItemClustering {

  public static final String KIND = "cluster-items";
  static final int NEIGHBOURS = 3;
  static final int SAMPLE = 20_000;
  private static final Logger LOG = Logger.getLogger(ItemClustering.class);
  private static final Duration DB = Duration.ofSeconds(120);
  private final Pool pool;
  private final WorkerConfig config;
  private JobLoop jobs;

  public ItemClustering(Pool pool, WorkerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    jobs = new JobLoop(KIND, pool, config.jobPollMs(), this::run).start();
  }

  void stop(@Observes ShutdownEvent event) {
    jobs.stop();
  }

  void run(UUID jobId, UUID tenant, JsonNode params, JobLoop.Progress progress) {
    List<float[]> items = new ArrayList<>();
    for (Row r : TenantTx.run(pool, tenant, c -> c.query(
        "SELECT embedding::real[] FROM items WHERE embedding IS NOT NULL AND NOT removed ORDER BY item_id").execute())
        .await().atMost(DB)) {
      items.add(Vectors.unbox(r.getArrayOfFloats(0)));
    }
    int n = items.size();
    if (n < 2) {
      progress.report(n, n, "COMPLETED", null);
      return;
    }
    int k = Math.min(n, params.has("k") ? Math.max(2, params.get("k").asInt())
        : Math.max(2, Math.min(256, (int) Math.round(Math.sqrt(n / 2.0)))));
    progress.report(0, n, "RUNNING", null);
    List<float[]> sample = new ArrayList<>(items);
    Collections.shuffle(sample, new Random(11));
    float[][] centroids = KMeans.fit(sample.subList(0, Math.min(SAMPLE, n)).toArray(float[][]::new), k, 12, 7);
    int[] size = new int[k];
    for (float[] v : items) {
      size[KMeans.nearest(v, centroids)]++;
    }
    Integer[] ids = new Integer[k];
    String[] vectors = new String[k];
    Integer[] sizes = new Integer[k];
    String[] neighbours = new String[k];
    for (int j = 0; j < k; j++) {
      ids[j] = j + 1;
      vectors[j] = Vectors.toPgVector(centroids[j]);
      sizes[j] = size[j];
      neighbours[j] = nearestClusters(centroids, j);
    }
    TenantTx.run(pool, tenant, c -> c.query("DELETE FROM item_clusters").execute()
        .chain(() -> c.query("DELETE FROM explore_arms").execute())
        .chain(() -> c.query("DELETE FROM explore_slots").execute())
        .chain(() -> c.preparedQuery("""
            INSERT INTO item_clusters (tenant_id, cluster_id, centroid, size, neighbours)
            SELECT $1, i, v::vector, s, n::int[] FROM unnest($2::int[], $3::text[], $4::int[], $5::text[]) AS x(i, v, s, n)
            """).execute(Tuple.of(tenant, ids, vectors, sizes, neighbours)))).await().atMost(DB);
    progress.report(n, n, "COMPLETED", null);
    LOG.infof("cluster-items %s: tenant %s, %d items in %d clusters", jobId, tenant, n, k);
  }

  /** The ids of the {@link #NEIGHBOURS} clusters nearest to cluster {@code j}, as an int[] literal. */
  private static String nearestClusters(float[][] c, int j) {
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < c.length; i++) {
      if (i != j) {
        others.add(i);
      }
    }
    others.sort((a, b) -> Double.compare(KMeans.dot(c[j], c[b]), KMeans.dot(c[j], c[a])));
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < Math.min(NEIGHBOURS, others.size()); i++) {
      sb.append(i == 0 ? "" : ",").append(others.get(i) + 1);
    }
    return sb.append('}').toString();
  }
}
