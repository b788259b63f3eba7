package dev.kindred.control.tenant.rest;

import dev.kindred.tenancy.TenantRepository.Tenant;
import java.time.Instant;
import java.util.UUID;

/** Request and response bodies of the tenant API. */
public final class TenantDtos {
  private TenantDtos() {}

  public record CreateTenantRequest(String name, String slug, String adminEmail, String adminPassword) {}

  public record TenantView(UUID id, String slug, String name, String organizationId, Instant createdAt) {
    public static TenantView of(Tenant t) {
      return new TenantView(t.id(), t.slug(), t.name(), t.organizationId(), t.createdAt());
    }
  }

  public record IssuedKey(String keyId, String scope, String key) {}

  public record AdminLogin(String username, String password) {}

  public record OnboardingResult(TenantView tenant, AdminLogin admin, IssuedKey ingestKey, IssuedKey serveKey,
      IssuedKey publishableKey, IssuedKey userTokenKey, String notice) {}
}
