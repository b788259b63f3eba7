package dev.kindred.tenancy.testing;

import dev.kindred.tenancy.ApiKeys;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.TenantRepository;
import dev.kindred.tenancy.TenantRepository.Tenant;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Creates tenants with keys straight in the database: a service under test cannot call the control
 * service, and these are the rows control's onboarding writes, through the same repository.
 * Shipped in the tenancy test-jar for every service's tests.
 */
public final class TestTenants {
  private TestTenants() {}

  /**
   * A tenant with its secret ingest and serve keys, a publishable key and a user-token key
   * ({@code tokenKeyId}; its secret is derived from the master key: {@code EndUserTokens.secretFor}).
   */
  public record T(UUID id, String ingestKey, String serveKey, String ingestKeyId, String publishableKey,
      String tokenKeyId) {}

  public static T create(Pool pool) {
    return create(pool, TenantSettings.defaults());
  }

  public static T create(Pool pool, TenantSettings settings) {
    UUID id = UUID.randomUUID();
    String slug = "t" + id.toString().substring(0, 8);
    ApiKeys.Generated ingest = ApiKeys.generate(ApiScope.INGEST);
    ApiKeys.Generated serve = ApiKeys.generate(ApiScope.SERVE);
    ApiKeys.Generated publishable = ApiKeys.generate(ApiScope.PUBLISHABLE);
    String tokenKey = ApiKeys.newTokenKeyId();
    TenantRepository repo = new TenantRepository();
    TenantTx.run(pool, id, c -> repo.insertTenant(c, new Tenant(id, slug, "Test " + slug, null, Instant.now()), settings)
        .chain(() -> repo.insertKey(c, id, ingest, ApiScope.INGEST, "test"))
        .chain(() -> repo.insertKey(c, id, serve, ApiScope.SERVE, "test"))
        .chain(() -> repo.insertKey(c, id, publishable, ApiScope.PUBLISHABLE, "test"))
        .chain(() -> repo.insertTokenKey(c, id, tokenKey, "test")))
        .await().atMost(Duration.ofSeconds(10));
    return new T(id, ingest.key(), serve.key(), ingest.keyId(), publishable.key(), tokenKey);
  }

  public static void revoke(Pool pool, T t) {
    TenantTx.run(pool, t.id(), c -> new TenantRepository().revokeKey(c, t.id(), t.ingestKeyId()))
        .await().atMost(Duration.ofSeconds(10));
  }

  public static TenantSettings withRate(int rps) {
    Map<String, Object> m = TenantSettings.defaults().toMap();
    m.put("quotas", Map.of("requestsPerSecond", rps));
    return TenantSettings.fromMap(m);
  }
}
