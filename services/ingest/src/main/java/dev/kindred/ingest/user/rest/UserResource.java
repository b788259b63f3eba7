package dev.kindred.ingest.user.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.ConsentChanged;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.InterestsStated;
import dev.kindred.events.KindredEvent;
import dev.kindred.ingest.common.Fields;
import dev.kindred.ingest.event.service.EventIngestService;
import dev.kindred.ingest.user.service.IdentityMerge;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.web.ApiKeyRequired;
import dev.kindred.web.BodyLimitFilter;
import dev.kindred.web.CurrentPrincipal;
import dev.kindred.web.JsonBodies;
import dev.kindred.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What an end-user states about themselves (interests in words, consent) and their rights (export,
 * erasure), and the merge of an anonymous visitor's history after login ({@code identify}). A page's
 * publishable key may call each of these for an anonymous id or for the user its token names — the
 * embeddable privacy centre — a secret key for any user of the tenant.
 */
@Path("/v1/users/{userId}")
@ApiKeyRequired(value = ApiScope.INGEST, publishable = true)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {
  private final EventIngestService service;
  private final CurrentPrincipal principal;
  private final BodyLimitFilter limits;

  private final dev.kindred.ingest.user.service.UserExport export;
  private final dev.kindred.ingest.user.service.UserErasure erasure;
  private final IdentityMerge identities;

  public UserResource(EventIngestService service, CurrentPrincipal principal, BodyLimitFilter limits,
      dev.kindred.ingest.user.service.UserExport export, dev.kindred.ingest.user.service.UserErasure erasure,
      IdentityMerge identities) {
    this.identities = identities;
    this.export = export;
    this.erasure = erasure;
    this.service = service;
    this.principal = principal;
    this.limits = limits;
  }

  /** {@code {"text": "I'm into trail running"}} and/or {@code {"interests": ["trail running"]}}. */
  @PUT
  @Path("interests")
  public Uni<Map<String, Object>> interests(@PathParam("userId") String userId, String body) {
    requireUserId(userId);
    principal.requireActFor(userId, "userId");
    Fields f = fields(body);
    f.onlyAllowed(Set.of("text", "interests"));
    String text = f.text("text", false, 2000);
    List<String> interests = f.strings("interests", 50, 200);
    if (f.ok() && text == null && interests.isEmpty()) {
      f.error("text", "send a text, a list of interests, or both");
    }
    return append(userId, f, new InterestsStated(text, interests));
  }

  /** {@code {"personalization": true, "analytics": false}}: both required. */
  @PUT
  @Path("consent")
  public Uni<Map<String, Object>> consent(@PathParam("userId") String userId, String body) {
    requireUserId(userId);
    principal.requireActFor(userId, "userId");
    Fields f = fields(body);
    f.onlyAllowed(Set.of("personalization", "analytics"));
    if (!f.has("personalization") || !f.has("analytics")) {
      f.error(f.has("personalization") ? "analytics" : "personalization", "is required");
    }
    Boolean p = f.bool("personalization", false);
    Boolean a = f.bool("analytics", false);
    return append(userId, f, new ConsentChanged(p, a));
  }

  /**
   * The right of access: every event of the user's stream, their interest profile, their consent
   * and the lists shown to them, as one JSON document; recorded in the audit log.
   */
  @jakarta.ws.rs.GET
  @Path("export")
  @ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = {"tenant-admin", "privacy-officer"}, publishable = true)
  public Uni<Map<String, Object>> export(@PathParam("userId") String userId) {
    requireUserId(userId);
    principal.requireActFor(userId, "userId");
    return export.export(principal.get().tenantId(), userId, actor());
  }

  /**
   * The right to be forgotten: 202 with the request id; {@code GET /v1/privacy/requests/{id}} on
   * the control service follows it from PENDING to COMPLETED. Repeating it is harmless.
   */
  @jakarta.ws.rs.DELETE
  @ApiKeyRequired(value = ApiScope.INGEST, tokenRoles = {"tenant-admin", "privacy-officer"}, publishable = true)
  public Uni<jakarta.ws.rs.core.Response> erase(@PathParam("userId") String userId) {
    requireUserId(userId);
    principal.requireActFor(userId, "userId");
    return erasure.request(principal.get().tenantId(), userId, actor())
        .map(id -> jakarta.ws.rs.core.Response.accepted(Map.of("requestId", id.toString(), "status", "PENDING",
            "statusUrl", "/v1/privacy/requests/" + id)).build());
  }

  /**
   * After login: the anonymous visitor's history ({@code {"anonymousId": "anon-…"}}) becomes this
   * user's — copied into the user's stream under ids derived from the originals (a repeat copies
   * nothing twice) — and the anonymous stream is erased, so one person's data lives in one place.
   * With a publishable key this needs the user's own token.
   */
  @jakarta.ws.rs.POST
  @Path("identify")
  public Uni<Map<String, Object>> identify(@PathParam("userId") String userId, String body) {
    requireUserId(userId);
    principal.requireTokenFor(userId, "userId");
    Fields f = fields(body);
    f.onlyAllowed(Set.of("anonymousId"));
    String anonymousId = f.text("anonymousId", true, 256);
    if (anonymousId != null && !dev.kindred.tenancy.AnonymousIds.is(anonymousId)) {
      f.error("anonymousId", "must be an anonymous id: 'anon-' and 16-100 letters, digits, '-' or '_'");
    }
    if (dev.kindred.tenancy.AnonymousIds.is(userId)) {
      f.error("userId", "must be the logged-in user's id, not an anonymous one");
    } else if (!EventEnvelope.userStream(userId)) {
      f.error("userId", "'" + userId + "' is reserved for the tenant's own streams");
    }
    if (!f.ok()) {
      throw ProblemException.badRequest("the request is invalid", f.errors());
    }
    return identities.merge(principal.get().tenantId(), anonymousId, userId, actor());
  }

  /** For the audit log: {@code key:<key id>}, {@code user:<name>} for a console user's token, or the end-user. */
  private String actor() {
    var p = principal.get();
    String id = p.keyId();
    if (p.endUser() != null) {
      return "end-user:" + id;   // the end-user themselves, through a page (named by key: the id is personal data)
    }
    return id.startsWith(dev.kindred.web.ApiKeyFilter.USER) ? id : "key:" + id;
  }

  private static void requireUserId(String userId) {
    dev.kindred.web.Params.id("userId", userId);
  }

  private Fields fields(String body) {
    JsonNode node = JsonBodies.parse(body, limits.maxBytes());
    if (!node.isObject()) {
      throw ProblemException.badRequest("the body must be a JSON object", null);
    }
    return new Fields(node, null);
  }

  private Uni<Map<String, Object>> append(String userId, Fields f, KindredEvent event) {
    if (userId.isBlank() || userId.length() > 256) {
      f.error("userId", "must be 1-256 characters");
    } else if (!EventEnvelope.userStream(userId)) {
      f.error("userId", "'" + userId + "' is reserved for the tenant's own streams");
    }
    if (!f.ok()) {
      throw ProblemException.badRequest("the request is invalid", f.errors());
    }
    UUID eventId = UUID.randomUUID();
    EventEnvelope env = EventEnvelope.toAppend(principal.get().tenantId(), userId, eventId, event, null, Instant.now());
    return service.appendTrusted(principal.get().tenantId(), List.of(env))
        .map(r -> Map.of("eventId", eventId.toString(), "type", event.type().storedName()));
  }
}
