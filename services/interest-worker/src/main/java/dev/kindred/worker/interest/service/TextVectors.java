package dev.kindred.worker.interest.service;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.interest.Grounding;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.interest.repository.CatalogueReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Vectors of free texts (searches, reviews, stated interests, hidden topics): embedded, then
 * grounded in the tenant's catalogue by its nearest items. Remembered per (tenant, text).
 */
@ApplicationScoped
public class TextVectors {

  private static final int CACHE = 20_000;
  private final Pool pool;
  private final EmbeddingModel model;
  private final CatalogueReader catalogue;
  private final Map<String, float[]> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > CACHE;
    }
  };

  public TextVectors(Pool pool, EmbeddingModel model, CatalogueReader catalogue) {
    this.pool = pool;
    this.model = model;
    this.catalogue = catalogue;
  }

  /** Blocking: embeds and queries the catalogue. */
  public float[] grounded(UUID tenantId, String text) {
    String key = tenantId + "\u0000" + text;
    synchronized (cache) {
      float[] known = cache.get(key);
      if (known != null) {
        return known;
      }
    }
    float[] v = model.embed(text);
    List<float[]> near = TenantTx.run(pool, tenantId, c -> catalogue.nearest(c, tenantId, v, Grounding.TEXT_NEIGHBOURS))
        .await().atMost(Duration.ofSeconds(30));
    float[] out = Grounding.expand(v, near, Grounding.ALPHA);
    synchronized (cache) {
      cache.put(key, out);
    }
    return out;
  }
}
