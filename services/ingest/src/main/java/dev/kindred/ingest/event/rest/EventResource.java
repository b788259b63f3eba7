package dev.kindred.ingest.event.rest;

import dev.kindred.ingest.common.Batches;
import dev.kindred.ingest.event.service.EventIngestService;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
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
@ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = "tenant-admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN}) // text/plain: navigator.sendBeacon's CORS-safe type
public class EventResource {
  private final EventIngestService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;
  private final int maxBatch;

  public EventResource(EventIngestService service, CurrentPrincipal principal, BodyLimitFilter limits,
      @ConfigProperty(name = "kindred.ingest.max-batch") int maxBatch) {
    this.service = service;
    this.principal = principal;
    this.limits = limits;
    this.maxBatch = maxBatch;
  }

  @POST
  @Path("events")
  public Uni<Response> events(String body) {
    var nodes = Batches.entries(JsonBodies.parse(body, limits.maxBytes()), "events", maxBatch);
    return service.ingestEvents(principal.get().tenantId(), nodes).map(r -> r.toResponse("/v1/events"));
  }

  @POST
  @Path("feedback")
  public Uni<Response> feedback(String body) {
    var nodes = Batches.entries(JsonBodies.parse(body, limits.maxBytes()), "feedback", maxBatch);
    return service.ingestFeedback(principal.get().tenantId(), nodes).map(r -> r.toResponse("/v1/feedback"));
  }
}
