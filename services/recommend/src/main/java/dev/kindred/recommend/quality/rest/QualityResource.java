package dev.kindred.recommend.quality.rest;

import dev.kindred.recommend.quality.service.QualityService;
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
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Online quality of what this tenant served: {@code GET /v1/quality?bucket=day&days=14} or
 * {@code ?bucket=hour&hours=48}: requests/s, latency p50/p99, CTR, coverage, diversity, novelty,
 * exploration share and its CTR per bucket (see {@code QualityMetrics}).
 */
@Path("/v1/quality")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst"})
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class QualityResource {

  private final QualityService service;
  private final CurrentPrincipal principal;

  public QualityResource(QualityService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  public Map<String, Object> get(@QueryParam("bucket") @DefaultValue("day") String bucket,
      @QueryParam("days") String daysParam, @QueryParam("hours") String hoursParam) {
    return switch (bucket) {
      case "day" -> service.report(principal.get().tenantId(), ChronoUnit.DAYS,
          dev.kindred.web.Params.integer("days", daysParam, 14, 1, 30) * 24);
      case "hour" -> service.report(principal.get().tenantId(), ChronoUnit.HOURS,
          dev.kindred.web.Params.integer("hours", hoursParam, 48, 1, 168));
      default -> throw ProblemException.field("bucket", "must be 'day' or 'hour'");
    };
  }
}
