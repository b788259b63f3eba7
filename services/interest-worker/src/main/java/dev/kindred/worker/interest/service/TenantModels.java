package dev.kindred.worker.interest.service;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.interest.Grounding;
import dev.kindred.interest.InterestLabeler;
import dev.kindred.interest.InterestSettings;
import dev.kindred.interest.TaxonomyEntry;
import dev.kindred.interest.TermStats;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.interest.repository.CatalogueReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per tenant, what the update rule and the labeller need: settings turned into
 * {@link InterestSettings}, the taxonomy embedded and grounded in the catalogue, and the title word
 * statistics. Rebuilt after a few minutes, so settings and catalogue changes arrive without restart.
 */
@ApplicationScoped
public class TenantModels {

  /** What the projection uses for one tenant. */
  public record TenantModel(InterestSettings settings, InterestLabeler labeler, long builtAt, boolean complete) {
  }

  static final long TTL_MS = 120_000;
  private static final int TITLE_SAMPLE = 20_000;
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TenantModels.class);
  private final Map<UUID, TenantModel> models = new ConcurrentHashMap<>();
  private final java.util.Set<UUID> rebuilding = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.Executor background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tenant-models");
    t.setDaemon(true);
    return t;
  });
  private final Pool pool;
  private final EmbeddingModel model;
  private final CatalogueReader catalogue;
  private final TenantRepository tenants = new TenantRepository();

  public TenantModels(Pool pool, EmbeddingModel model, CatalogueReader catalogue) {
    this.pool = pool;
    this.model = model;
    this.catalogue = catalogue;
  }

  /**
   * Blocking on first use of a tenant: call from a worker thread. A complete model past its age is
   * still served while a fresh one is built in the background, so the projection never waits for it.
   */
  public TenantModel get(UUID tenantId) {
    TenantModel known = models.get(tenantId);
    if (known != null && known.complete()) {
      if (System.currentTimeMillis() - known.builtAt() >= TTL_MS && rebuilding.add(tenantId)) {
        background.execute(() -> {
          try {
            models.put(tenantId, build(tenantId));
          } catch (RuntimeException e) {
            LOG.warnf(e, "rebuilding the interest model of tenant %s failed; keeping the old one", tenantId);
          } finally {
            rebuilding.remove(tenantId);
          }
        });
      }
      return known;
    }
    TenantModel built = build(tenantId);
    models.put(tenantId, built);
    return built;
  }

  public void invalidate(UUID tenantId) {
    models.remove(tenantId);
  }

  private TenantModel build(UUID tenantId) {
    Duration db = Duration.ofSeconds(30);
    TenantSettings s = TenantTx.run(pool, tenantId, c -> tenants.settings(c, tenantId)).await().atMost(db);
    InterestSettings settings = InterestSettings.of(s.eventWeights(), s.interestHalfLifeDays(), s.maxInterests());
    List<String> titles = TenantTx.run(pool, tenantId, c -> catalogue.titles(c, tenantId, TITLE_SAMPLE)).await().atMost(db);
    int wanted = Math.min(Grounding.TAXONOMY_NEIGHBOURS, titles.size());
    List<TaxonomyEntry> taxonomy = new ArrayList<>();
    boolean grounded = true;
    java.util.Set<String> suppressed = new java.util.HashSet<>();
    s.suppressedCategories().forEach(c -> suppressed.add(c.toLowerCase(java.util.Locale.ROOT)));
    for (TenantSettings.TaxonomyEntry t : s.taxonomy()) {
      if (suppressed.contains(t.name().toLowerCase(java.util.Locale.ROOT))) {
        continue;   // a sensitive category never becomes an interest's words
      }
      float[] v = model.embed(TaxonomyEntry.textOf(t.name(), t.description()));
      List<float[]> near = TenantTx.run(pool, tenantId,
          c -> catalogue.nearest(c, tenantId, v, Grounding.TAXONOMY_NEIGHBOURS)).await().atMost(db);
      grounded &= near.size() >= wanted;
      taxonomy.add(new TaxonomyEntry(t.name(), t.description(), Grounding.expand(v, near, Grounding.ALPHA)));
    }
    // A catalogue still being embedded gives weaker grounding: rebuild on the next batch then.
    return new TenantModel(settings, InterestLabeler.withDefaults(taxonomy, TermStats.of(titles)),
        System.currentTimeMillis(), grounded);
  }
}
