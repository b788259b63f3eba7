package dev.kindred.control.security;

import dev.kindred.web.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may act on which tenant: a platform-admin on all; tenant roles only on the tenant whose
 * Keycloak organization (alias = tenant slug) the token names. Writes need tenant-admin.
 */
@RequestScoped
public class TenantAccess {
  public static final String PLATFORM_ADMIN = "platform-admin";
  public static final String TENANT_ADMIN = "tenant-admin";
  public static final String PRIVACY_OFFICER = "privacy-officer";
  public static final Set<String> TENANT_READERS = Set.of(TENANT_ADMIN, "tenant-analyst", PRIVACY_OFFICER);

  private final SecurityIdentity identity;

  public TenantAccess(SecurityIdentity identity) {
    this.identity = identity;
  }

  public boolean isPlatformAdmin() {
    return identity.hasRole(PLATFORM_ADMIN);
  }

  public void requirePlatformAdmin() {
    if (!isPlatformAdmin()) {
      throw ProblemException.forbidden("only a platform-admin may do this");
    }
  }

  /** Reading a tenant: platform-admin, or any tenant role within that tenant's organization. */
  public void requireRead(String tenantSlug) {
    if (isPlatformAdmin()) {
      return;
    }
    if (TENANT_READERS.stream().noneMatch(identity::hasRole) || !organizations().contains(tenantSlug)) {
      throw notVisible();
    }
  }

  /** Changing a tenant: platform-admin, or a tenant-admin of that tenant. */
  public void requireAdmin(String tenantSlug) {
    requireRead(tenantSlug);
    if (!isPlatformAdmin() && !identity.hasRole(TENANT_ADMIN)) {
      throw ProblemException.forbidden("changing a tenant needs the tenant-admin role");
    }
  }

  /** Reading a tenant's audit log: platform-admin, or its tenant-admin or privacy-officer. */
  public void requireAuditRead(String tenantSlug) {
    requireRead(tenantSlug);
    if (!isPlatformAdmin() && !identity.hasRole(TENANT_ADMIN) && !identity.hasRole(PRIVACY_OFFICER)) {
      throw ProblemException.forbidden("the audit log is for tenant-admins and privacy-officers");
    }
  }

  /** Privacy requests (erasure, their status): the same people who may read the audit log. */
  public void requirePrivacy(String tenantSlug) {
    requireRead(tenantSlug);
    if (!isPlatformAdmin() && !identity.hasRole(TENANT_ADMIN) && !identity.hasRole(PRIVACY_OFFICER)) {
      throw ProblemException.forbidden("privacy requests are for tenant-admins and privacy-officers");
    }
  }

  /** Who is acting, for the audit log: {@code user:<name>}. */
  public String actor() {
    return "user:" + identity.getPrincipal().getName();
  }

  /** Other tenants are answered as if they did not exist: no probing of tenant ids. */
  public static ProblemException notVisible() {
    return ProblemException.notFound("no such tenant");
  }

  /** Organization aliases in the token ({@code organization} claim: a list, or a map by alias). */
  public Set<String> organizations() {
    if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      return Set.of();
    }
    Object claim = jwt.getClaim("organization");
    if (claim instanceof Collection<?> c) {
      return Set.copyOf(c.stream().map(o -> o.toString().replace("\"", "")).toList());
    }
    if (claim instanceof Map<?, ?> m) {
      return Set.copyOf(m.keySet().stream().map(o -> o.toString().replace("\"", "")).toList());
    }
    return Set.of();
  }
}
