package dev.kindred.web;

import dev.kindred.tenancy.ApiKeyResolver;
import dev.kindred.tenancy.ApiKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys as the database last said, held in memory so that a request costs no statement to
 * authenticate: the presented secret, revocation and a rotation's end are checked against the cached
 * facts on every request. A change of the key (revocation, rotation) or of its tenant (quotas,
 * origins) drops the entry as soon as the database announces it ({@link ChangeFeed}); without the
 * feed an entry lives {@link #TTL_MS} at most. Unknown key ids are remembered briefly too, so that
 * guessing costs no statement each.
 */
@jakarta.inject.Singleton
public class ApiKeyCache {

  static final long TTL_MS = 10_000;
  private static final int MAX = 100_000;
  private final ApiKeyResolver resolver;
  private final ChangeFeed changes;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** A key's facts (empty: no such key) and when they were read. */
  private record Entry(Optional<ApiKeyResolver.Stored> stored, long readAt) {
  }

  public ApiKeyCache(Pool pool, ChangeFeed changes) {
    this.resolver = new ApiKeyResolver(pool);
    this.changes = changes;
  }

  /** Listens for changes from the first use on (the feed's connection needs the running Vert.x). */
  private void listening() {
    changes.listenOnce(this, this::changed);
  }

  /** Empty when the key is malformed, unknown, revoked, expired or its secret does not match. */
  public Uni<Optional<ApiKeyResolver.Resolved>> resolve(String presented) {
    String keyId = ApiKeys.keyIdOf(presented);
    if (keyId == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    listening();
    Entry e = entries.get(keyId);
    if (e != null && changes.live() && System.currentTimeMillis() - e.readAt() < TTL_MS) {
      return Uni.createFrom().item(e.stored().flatMap(s -> s.check(presented, Instant.now())));
    }
    long readAt = System.currentTimeMillis();
    return resolver.read(keyId).invoke(stored -> {
      if (entries.size() > MAX) {
        entries.clear();
      }
      entries.put(keyId, new Entry(stored, readAt));
    }).map(stored -> stored.flatMap(s -> s.check(presented, Instant.now())));
  }

  public Uni<Void> touch(String keyId) {
    return resolver.touch(keyId);
  }

  private void changed(String payload) {
    if (ChangeFeed.EVERYTHING.equals(payload)) {
      entries.clear();
    } else if (payload.startsWith("key:")) {
      entries.remove(payload.substring(4));
    } else if (payload.startsWith("tenant:")) {
      String tenant = payload.substring(7);
      entries.values().removeIf(e -> e.stored().isPresent()
          && e.stored().get().key().principal().tenantId().toString().equals(tenant));
    }
  }
}
