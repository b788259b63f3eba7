package dev.kindred.ingest.catalogue.rest;

import dev.kindred.ingest.catalogue.service.CatalogueService;
import dev.kindred.ingest.common.Batches;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.JsonBodies;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Catalogue upserts (≤1,000 items a request) and removals. Bulk loads use the NDJSON import. */
@Path("/v1/items")
@ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = "tenant-admin")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {
  private final CatalogueService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;
  private final int maxBatch;

  public ItemResource(CatalogueService service, CurrentPrincipal principal, BodyLimitFilter limits,
      @ConfigProperty(name = "kindred.ingest.max-batch") int maxBatch) {
    this.service = service;
    this.principal = principal;
    this.limits = limits;
    this.maxBatch = maxBatch;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> upsert(String body) {
    var nodes = Batches.entries(JsonBodies.parse(body, limits.maxBytes()), "items", maxBatch);
    return service.upsert(principal.get().tenantId(), nodes).map(r -> r.toResponse("/v1/items"));
  }

  @DELETE
  @Path("{itemId}")
  public Uni<Response> remove(@PathParam("itemId") String itemId) {
    dev.kindred.web.Params.id("itemId", itemId);
    return service.remove(principal.get().tenantId(), itemId).replaceWith(Response.noContent().build());
  }
}
