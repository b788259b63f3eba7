package dev.kindred.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.server.VaadinSession;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/**
 * Who is logged in (Keycloak code flow), their access token for the control API, their roles,
 * and the tenant they are looking at (kept in the Vaadin session; a tenant role holder has only
 * their organization's tenant, a platform-admin picks one).
 */
@RequestScoped
public class ConsoleUser {

  public static final String PLATFORM_ADMIN = "platform-admin";
  public static final String TENANT_ADMIN = "tenant-admin";
  public static final String ANALYST = "tenant-analyst";
  public static final String PRIVACY_OFFICER = "privacy-officer";
  private static final String TENANT = "kindred.tenant";
  /** Who may read a tenant's aggregate and catalogue data (dashboard, catalogue). */
  public static final Set<String> ANALYSTS = Set.of(TENANT_ADMIN, ANALYST);
  /** Who handles end-users' privacy (erasure, requests, audit trail). */
  public static final Set<String> PRIVACY = Set.of(TENANT_ADMIN, PRIVACY_OFFICER);

  /** The tenant being looked at. */
  public record Tenant(String id, String name, String slug) {
    public static Tenant of(JsonNode t) {
      return new Tenant(t.path("id").asText(), t.path("name").asText(), t.path("slug").asText());
    }
  }

  private final SecurityIdentity identity;

  public ConsoleUser(SecurityIdentity identity) {
    this.identity = identity;
  }

  public String name() {
    return identity.getPrincipal().getName();
  }

  public String token() {
    AccessTokenCredential c = identity.getCredential(AccessTokenCredential.class);
    if (c == null) {
      throw new IllegalStateException("no access token in this session; log in again");
    }
    return c.getToken();
  }

  public boolean has(String role) {
    return identity.hasRole(role);
  }

  /** Any of the roles (a platform-admin holds every right). */
  public boolean any(Set<String> roles) {
    return has(PLATFORM_ADMIN) || roles.stream().anyMatch(identity::hasRole);
  }

  public Tenant tenant() {
    return (Tenant) VaadinSession.getCurrent().getAttribute(TENANT);
  }

  public void select(Tenant t) {
    VaadinSession.getCurrent().setAttribute(TENANT, t);
  }
}
