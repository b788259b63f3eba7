package dev.kindred.recommend.catalogue.rest;

import dev.kindred.recommend.catalogue.repository.CatalogueReader;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Browsing the catalogue: {@code GET /v1/items?q=&offset=0&limit=50} → {total, offset, items}. */
@Path("/v1/items")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst"})
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

  private final CatalogueReader reader;
  private final CurrentPrincipal principal;

  public CatalogueResource(CatalogueReader reader, CurrentPrincipal principal) {
    this.reader = reader;
    this.principal = principal;
  }

  @GET
  public Uni<Map<String, Object>> page(@QueryParam("q") String q, @QueryParam("offset") String offsetParam,
      @QueryParam("limit") String limitParam) {
    int offset = dev.kindred.web.Params.integer("offset", offsetParam, 0, 0, 10_000_000);
    int limit = dev.kindred.web.Params.integer("limit", limitParam, 50, 1, 500);
    if (q != null && q.length() > 200) {
      throw ProblemException.field("q", "at most 200 characters");
    }
    return reader.page(principal.get().tenantId(), q, offset, limit);
  }
}
