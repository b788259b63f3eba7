package dev.kindred.recommend.similar.rest;

import dev.kindred.recommend.serving.Requests;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.similar.service.SimilarService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Items like this one; personalised when a user is given (a publishable key: an anonymous id or its token's user). */
@Path("/v1/items/{itemId}/similar")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst", "privacy-officer"}, publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class SimilarResource {

  private final SimilarService service;
  private final CurrentPrincipal principal;

  public SimilarResource(SimilarService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  public Served get(@PathParam("itemId") String itemId, @QueryParam("count") String countParam,
      @QueryParam("userId") String userId) {
    Requests.itemId("itemId", itemId);
    int count = Requests.count(countParam);
    if (userId != null) {
      Requests.userId(userId);
      principal.requireActFor(userId, "userId");
    }
    return service.similar(principal.get().tenantId(), itemId, count, userId);
  }
}
