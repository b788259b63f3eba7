package dev.kindred.recommend.explore;

import dev.kindred.inference.Vectors;
import dev.kindred.recsys.ExplorePicker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's item clusters (the graph exploration walks) and each cluster's exploration record,
 * read in the caller's transaction and kept for 30 seconds: both change in minutes (a clustering
 * job, clicks counted by the worker), and every feed request needs them.
 */
@ApplicationScoped
public class ExploreCatalog {

  /** What exploration knows of a tenant. */
  public record Snapshot(List<ExplorePicker.ItemCluster> clusters, Map<Integer, ExplorePicker.Arm> arms) {

    public float[] centroid(int cluster) {
      for (ExplorePicker.ItemCluster c : clusters) {
        if (c.id() == cluster) {
          return c.centroid();
        }
      }
      return null;
    }
  }

  private static final long TTL_NANOS = Duration.ofSeconds(30).toNanos();
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long at, Snapshot snapshot) {
  }

  public Uni<Snapshot> snapshot(SqlConnection c, UUID tenant) {
    Cached hit = cache.get(tenant);
    if (hit != null && System.nanoTime() - hit.at() < TTL_NANOS) {
      return Uni.createFrom().item(hit.snapshot());
    }
    return c.query("SELECT cluster_id, centroid::real[] AS v, neighbours FROM item_clusters").execute()
        .chain(rows -> {
          List<ExplorePicker.ItemCluster> clusters = new ArrayList<>();
          for (Row r : rows) {
            clusters.add(new ExplorePicker.ItemCluster(r.getInteger("cluster_id"), Vectors.unbox(r.getArrayOfFloats("v")),
                Arrays.asList(r.getArrayOfIntegers("neighbours"))));
          }
          return c.query("SELECT cluster_id, shown, clicked FROM explore_arms").execute().map(arms -> {
            Map<Integer, ExplorePicker.Arm> stats = new HashMap<>();
            arms.forEach(a -> stats.put(a.getInteger(0), new ExplorePicker.Arm(a.getLong(1), a.getLong(2))));
            Snapshot s = new Snapshot(clusters, stats);
            cache.put(tenant, new Cached(System.nanoTime(), s));
            return s;
          });
        });
  }
}
