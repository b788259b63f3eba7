package dev.kindred.control.security;

import dev.kindred.control.tenant.service.TenantService;
import dev.kindred.tenancy.TenantRepository.Tenant;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** The tenant a control request names, if its caller may see it (and change it, when {@code write}); 404 otherwise. */
@RequestScoped
public class VisibleTenants {

  private final TenantService tenants;
  private final TenantAccess access;

  public VisibleTenants(TenantService tenants, TenantAccess access) {
    this.tenants = tenants;
    this.access = access;
  }

  public Uni<Tenant> visible(String rawId, boolean write) {
    UUID id;
    try {
      id = UUID.fromString(rawId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.field("id", "is not a tenant id (UUID)");
    }
    return tenants.find(id).onFailure(ProblemException.class).transform(e -> TenantAccess.notVisible()).map(t -> {
      if (write) {
        access.requireAdmin(t.slug());
      } else {
        access.requireRead(t.slug());
      }
      return t;
    });
  }
}
