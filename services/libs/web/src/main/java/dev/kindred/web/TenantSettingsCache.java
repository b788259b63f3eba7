package dev.kindred.web;

import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants' settings (weights, rules, filters, consent policy) held in memory: they change per hour,
 * not per request. An entry is dropped as soon as the database announces a change of the tenant
 * ({@link ChangeFeed}), so a saved setting holds from the next request; without the feed an entry
 * lives {@link #TTL_MS} at most. A miss reads the settings in the caller's transaction.
 */
@jakarta.inject.Singleton
public class TenantSettingsCache {

  static final long TTL_MS = 30_000;
  private final TenantRepository tenants = new TenantRepository();
  private final ChangeFeed changes;
  private final ConcurrentHashMap<UUID, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(TenantSettings settings, long readAt) {
  }

  public TenantSettingsCache(ChangeFeed changes) {
    this.changes = changes;
  }

  /** Listens for changes from the first use on (the feed's connection needs the running Vert.x). */
  private void listening() {
    changes.listenOnce(this, this::changed);
  }

  /** The tenant's settings; {@code c} is a transaction bound to the tenant, used only on a miss. */
  public Uni<TenantSettings> get(SqlConnection c, UUID tenant) {
    TenantSettings hit = cached(tenant);
    if (hit != null) {
      return Uni.createFrom().item(hit);
    }
    long readAt = System.currentTimeMillis();
    return tenants.settings(c, tenant).invoke(s -> entries.put(tenant, new Entry(s, readAt)));
  }

  /** The cached settings, or null when they must be read. */
  public TenantSettings cached(UUID tenant) {
    listening();
    Entry e = entries.get(tenant);
    return e != null && changes.live() && System.currentTimeMillis() - e.readAt() < TTL_MS ? e.settings() : null;
  }

  private void changed(String payload) {
    if (ChangeFeed.EVERYTHING.equals(payload)) {
      entries.clear();
    } else if (payload.startsWith("tenant:")) {
      try {
        entries.remove(UUID.fromString(payload.substring(7)));
      } catch (IllegalArgumentException e) {
        entries.clear();
      }
    }
  }
}
