package dev.kindred.recommend.stats.rest;

import dev.kindred.recommend.stats.service.StatsService;
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
import java.util.Map;

/** The tenant's dashboard aggregates, with differential privacy (see {@link StatsService}). */
@Path("/v1/stats")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst"})
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StatsResource {

  private final StatsService service;
  private final CurrentPrincipal principal;

  public StatsResource(StatsService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  public Map<String, Object> get(@QueryParam("days") String daysParam) {
    int days = dev.kindred.web.Params.integer("days", daysParam, 14, 1, 90);
    return service.daily(principal.get().tenantId(), days);
  }
}
