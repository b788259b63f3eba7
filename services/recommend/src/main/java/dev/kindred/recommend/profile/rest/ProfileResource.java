package dev.kindred.recommend.profile.rest;

import dev.kindred.recommend.profile.mapping.ProfileView;
import dev.kindred.recommend.profile.service.ProfileService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.JsonBodies;
import dev.kindred.web.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An end-user's interest profile, and the corrections the user makes to it through the tenant's app
 * (or, with a publishable key and their own token, themselves: the embeddable privacy centre).
 */
@Path("/v1/users/{userId}/profile")
@ApiKeyRequired(value = ApiScope.SERVE, publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ProfileResource {

  private final ProfileService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;

  private final dev.kindred.recommend.serving.ConsoleReads console;

  public ProfileResource(ProfileService service, CurrentPrincipal principal, BodyLimitFilter limits,
      dev.kindred.recommend.serving.ConsoleReads console) {
    this.console = console;
    this.service = service;
    this.principal = principal;
    this.limits = limits;
  }

  /** Also for the web console (a user token): such reads are audited. */
  @GET
  @ApiKeyRequired(value = ApiScope.SERVE, tokenRoles = {"tenant-admin", "tenant-analyst", "privacy-officer"}, publishable = true)
  public ProfileView get(@PathParam("userId") String userId) {
    principal.requireActFor(userId, "userId");
    ProfileView view = service.get(principal.get().tenantId(), userId);
    console.audit(principal.get().tenantId(), userId, "profile");
    return view;
  }

  /**
   * Mutes, unmutes or deletes interests: 200 with the corrected profile once the worker applied
   * it (within kindred.recommend.correction-wait-ms), else 202 with the event ids.
   */
  @PATCH
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response patch(@PathParam("userId") String userId, String body) {
    principal.requireActFor(userId, "userId");
    var node = JsonBodies.parse(body, limits.maxBytes());
    if (!node.isObject()) {
      throw ProblemException.badRequest("the body must be a JSON object", null);
    }
    ProfileService.Correction c = service.correct(principal.get().tenantId(), userId, node);
    if (c.profile() != null) {
      return Response.ok(c.profile()).build();
    }
    return Response.accepted(Map.of("status", "accepted", "eventIds", c.eventIds())).build();
  }
}
