package dev.kindred.recommend.whatif.service;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.EmbeddingModels;
import dev.kindred.inference.InferenceConfig;
import dev.kindred.inference.Vectors;
import dev.kindred.interest.Grounding;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * A stated interest's vector exactly as the worker makes it: the phrase embedded by the same model
 * (same kindred.inference.* keys) and grounded in the tenant's nearest items. The model opens on
 * the first what-if with text, so serving pays its memory only when the console asks.
 */
@ApplicationScoped
public class StatedTextVectors {

  private final Pool pool;
  private final Config config;
  private volatile EmbeddingModel model;

  public StatedTextVectors(Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
  }

  /** Blocking: embeds and reads the catalogue. */
  public float[] grounded(UUID tenant, String phrase) {
    float[] v = model().embed(phrase);
    List<float[]> near = TenantTx.run(pool, tenant, c -> c.preparedQuery("""
            SELECT embedding::text FROM items WHERE embedding IS NOT NULL AND NOT removed
            ORDER BY embedding <=> $1::vector LIMIT $2
            """).execute(Tuple.of(Vectors.toPgVector(v), Grounding.TEXT_NEIGHBOURS)).map(rows -> {
              List<float[]> out = new ArrayList<>();
              rows.forEach(r -> out.add(Vectors.fromPgVector(r.getString(0))));
              return out;
            })).await().atMost(Duration.ofSeconds(30));
    return Grounding.expand(v, near, Grounding.ALPHA);
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = EmbeddingModels.open(InferenceConfig.from(key -> config.getOptionalValue(key, String.class)));
        }
        m = model;
      }
    }
    return m;
  }

  @PreDestroy
  void close() {
    if (model != null) {
      model.close();
    }
  }
}
