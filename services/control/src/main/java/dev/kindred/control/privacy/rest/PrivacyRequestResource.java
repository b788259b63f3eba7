package dev.kindred.control.privacy.rest;

import dev.kindred.control.privacy.service.PrivacyService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The status of a privacy request for the tenant's app, which took it with its ingest key
 * ({@code DELETE /v1/users/{id}}): PENDING, then COMPLETED with what was removed and how long it took.
 */
@Path("/v1/privacy/requests")
@ApiKeyRequired(ApiScope.INGEST)
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyRequestResource {

  private final PrivacyService service;
  private final CurrentPrincipal principal;

  public PrivacyRequestResource(PrivacyService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  @Path("{id}")
  public Uni<Map<String, Object>> get(@PathParam("id") String id) {
    return service.request(principal.get().tenantId(), id);
  }
}
