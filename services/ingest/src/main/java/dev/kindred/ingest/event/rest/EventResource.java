package dev.kindred.ingest.event.rest;

import dev.kindred.ingest.common.Batches;
import dev.kindred.ingest.event.service.EventIngestService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.EndUserTokens;
import dev.kindred.tenancy.ApiPrincipal;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import dev.kindred.web.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Behaviour events and explicit feedback: one object or a batch of up to 1,000. */
@Path("/v1")
@ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = "tenant-admin", publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}) // text/plain: navigator.sendBeacon's CORS-safe type
public class EventResource {
  private final EventIngestService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;
  private final EndUserTokens endUsers;
  private final int maxBatch;

  public EventResource(EventIngestService service, CurrentPrincipal principal, BodyLimitFilter limits,
      EndUserTokens endUsers, @ConfigProperty(name = "kindred.ingest.max-batch") int maxBatch) {
    this.service = service;
    this.principal = principal;
    this.limits = limits;
    this.endUsers = endUsers;
    this.maxBatch = maxBatch;
  }

  @POST
  @Path("events")
  public Uni<Response> events(String body) {
    JsonNode root = JsonBodies.parse(body, limits.maxBytes());
    var nodes = Batches.entries(root, "events", maxBatch);
    return caller(root, nodes, "events")
        .chain(() -> service.ingestEvents(principal.get().tenantId(), nodes)).map(r -> r.toResponse("/v1/events"));
  }

  @POST
  @Path("feedback")
  public Uni<Response> feedback(String body) {
    JsonNode root = JsonBodies.parse(body, limits.maxBytes());
    var nodes = Batches.entries(root, "feedback", maxBatch);
    return caller(root, nodes, "feedback")
        .chain(() -> service.ingestFeedback(principal.get().tenantId(), nodes)).map(r -> r.toResponse("/v1/feedback"));
  }

  /**
   * With a publishable key every entry must be about an anonymous id or the user the token names
   * (the header's, or for a beacon the body's {@code userToken}); one entry naming anybody else
   * refuses the whole batch, nothing stored.
   */
  private Uni<Void> caller(JsonNode root, List<JsonNode> nodes, String wrapper) {
    ApiPrincipal p = principal.get();
    String bodyToken = Batches.userToken(root);
    Uni<Void> token = !p.publishable() || p.endUser() != null || bodyToken == null ? Uni.createFrom().voidItem()
        : endUsers.verify(p.tenantId(), bodyToken).invoke(principal::actAs).replaceWithVoid();
    return token.invoke(() -> {
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode user = nodes.get(i).path("userId");
        if (user.isTextual()) {
          principal.requireActFor(user.asText(), wrapper + "[" + i + "].userId");
        }
      }
    });
  }
}
