package dev.kindred.recommend.feed.rest;

import dev.kindred.recommend.feed.service.FeedService;
import dev.kindred.recommend.serving.Requests;
import dev.kindred.recommend.serving.Served;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The home feed of one end-user, each item with the source and the facts that explain it. A page's
 * publishable key reads it for an anonymous id or for the user its token names.
 */
@Path("/v1/users/{userId}/recommendations")
@ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst", "privacy-officer"}, publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FeedResource {

  private final FeedService service;
  private final CurrentPrincipal principal;

  public FeedResource(FeedService service, CurrentPrincipal principal) {
    this.service = service;
    this.principal = principal;
  }

  @GET
  public Served get(@PathParam("userId") String userId, @QueryParam("count") String countParam,
      @QueryParam("exclude") String exclude, @QueryParam("filter") String filter, @QueryParam("context") String context,
      @QueryParam("explain") String explainParam) {
    Requests.userId(userId);
    principal.requireActFor(userId, "userId");
    int count = Requests.count(countParam);
    boolean explain = dev.kindred.web.Params.bool("explain", explainParam, true);
    Set<String> excluded = exclude == null || exclude.isBlank() ? Set.of()
        : new HashSet<>(Arrays.asList(exclude.split(",")));
    return service.recommend(principal.get().tenantId(), userId, count, excluded, Requests.filter(filter),
        Requests.context(context), explain);
  }
}
