package dev.kindred.recommend.models.rest;

import dev.kindred.recommend.models.service.ModelCatalog;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /v1/models}: the tenant's sequence models and learned rankers (version, when, what
 * they were judged on, promoted or not) and its latest training jobs with their progress.
 */
@Path("/v1/models")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst"})
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ModelsResource {

  private final ModelCatalog catalog;
  private final CurrentPrincipal principal;

  public ModelsResource(ModelCatalog catalog, CurrentPrincipal principal) {
    this.catalog = catalog;
    this.principal = principal;
  }

  @GET
  public Map<String, Object> list() {
    return catalog.list(principal.get().tenantId());
  }
}
