package dev.kindred.recommend.trending.rest;

import dev.kindred.tenancy.ItemFilter;
import dev.kindred.recommend.serving.Requests;
import dev.kindred.recommend.serving.Served;
import dev.kindred.recommend.trending.service.TrendingService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Popular now (decayed engagement counts), optionally within one category or an item filter. */
@Path("/v1/trending")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst", "privacy-officer"}, publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TrendingResource {

  private final TrendingService service;
  private final CurrentPrincipal principal;

  public TrendingResource(TrendingService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  public Served get(@QueryParam("count") String countParam, @QueryParam("category") String category,
      @QueryParam("filter") String filter, @QueryParam("userId") String userId) {
    int count = Requests.count(countParam);
    if (category != null && (category.isBlank() || category.length() > 200)) {
      throw ProblemException.field("category", "must be 1-200 characters");
    }
    if (userId != null) {
      Requests.userId(userId);
      principal.requireActFor(userId, "userId");
    }
    ItemFilter f = Requests.filter(category == null ? filter
        : "category:" + category + (filter == null || filter.isBlank() ? "" : ";" + filter));
    return service.trending(principal.get().tenantId(), userId, count, f);
  }
}
