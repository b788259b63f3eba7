package dev.kindred.control.keys.rest;

import dev.kindred.control.keys.rest.KeyDtos.IssueKeyRequest;
import dev.kindred.control.keys.rest.KeyDtos.IssueTokenKeyRequest;
import dev.kindred.control.keys.rest.KeyDtos.IssuedKey;
import dev.kindred.control.keys.service.KeyService;
import dev.kindred.control.security.TenantAccess;
import dev.kindred.control.security.VisibleTenants;
import dev.kindred.tenancy.ApiScope;
import dev.kindred.tenancy.TenantRepository.KeyInfo;
import dev.kindred.tenancy.TenantRepository.TokenKeyInfo;
import dev.kindred.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A tenant's credentials: API keys (secret ingest and serve keys for its servers, publishable keys for
 * its pages and apps) and the user-token keys its backend signs end-user tokens with. Reading needs a
 * tenant role; issuing, rotating and revoking needs tenant-admin.
 */
@Path("/v1/tenants/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

  private static final List<String> SCOPES = List.of("ingest", "serve", "publishable");
  private final KeyService keys;
  private final VisibleTenants tenants;
  private final TenantAccess access;

  public KeyResource(KeyService keys, VisibleTenants tenants, TenantAccess access) {
    this.keys = keys;
    this.tenants = tenants;
    this.access = access;
  }

  @GET
  @Path("api-keys")
  public Uni<List<KeyInfo>> list(@PathParam("id") String id) {
    return tenants.visible(id, false).chain(t -> keys.list(t.id()));
  }

  /** Issues a key; with {@code replaces} a rotation that keeps the old key valid until {@code oldKeyValidUntil}. */
  @POST
  @Path("api-keys")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> issue(@PathParam("id") String id, IssueKeyRequest req) {
    if (req == null || req.scope() == null || !SCOPES.contains(req.scope())) {
      throw ProblemException.field("scope", "must be 'ingest', 'serve' (secret keys) or 'publishable'");
    }
    label(req.label());
    if (req.replaces() != null && !req.replaces().isBlank()) {
      dev.kindred.web.Params.id("replaces", req.replaces());
    }
    Instant until = instant(req.oldKeyValidUntil());
    return tenants.visible(id, true)
        .chain(t -> keys.issue(t.id(), ApiScope.fromDbName(req.scope()), req.label(), blankToNull(req.replaces()), until,
            access.actor()))
        .map(k -> Response.status(201).entity(new IssuedKey(k.keyId(), k.scope(), k.key(), k.replaces(),
            k.replacedValidUntil())).build());
  }

  /** Revokes at once (confirm in the console: a live app using the key breaks now). */
  @DELETE
  @Path("api-keys/{keyId}")
  public Uni<Response> revoke(@PathParam("id") String id, @PathParam("keyId") String keyId) {
    dev.kindred.web.Params.id("keyId", keyId);
    return tenants.visible(id, true).chain(t -> keys.revoke(t.id(), keyId, access.actor()))
        .replaceWith(Response.noContent().build());
  }

  @GET
  @Path("user-token-keys")
  public Uni<List<TokenKeyInfo>> tokenKeys(@PathParam("id") String id) {
    return tenants.visible(id, false).chain(t -> keys.tokenKeys(t.id()));
  }

  /** A new user-token key; the secret (your backend signs end-user tokens with it) is shown only now. */
  @POST
  @Path("user-token-keys")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> issueTokenKey(@PathParam("id") String id, IssueTokenKeyRequest req) {
    IssueTokenKeyRequest r = req == null ? new IssueTokenKeyRequest(null, null, null) : req;
    label(r.label());
    if (r.replaces() != null && !r.replaces().isBlank()) {
      dev.kindred.web.Params.id("replaces", r.replaces());
    }
    Instant until = instant(r.oldKeyValidUntil());
    return tenants.visible(id, true)
        .chain(t -> keys.issueTokenKey(t.id(), r.label(), blankToNull(r.replaces()), until, access.actor()))
        .map(k -> Response.status(201).entity(new IssuedKey(k.keyId(), k.scope(), k.key(), k.replaces(),
            k.replacedValidUntil())).build());
  }

  @DELETE
  @Path("user-token-keys/{keyId}")
  public Uni<Response> revokeTokenKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
    dev.kindred.web.Params.id("keyId", keyId);
    return tenants.visible(id, true).chain(t -> keys.revokeTokenKey(t.id(), keyId, access.actor()))
        .replaceWith(Response.noContent().build());
  }

  private static void label(String label) {
    if (label != null && (label.length() > 100 || label.chars().anyMatch(c -> c < 0x20))) {
      throw ProblemException.field("label", "at most 100 characters, no control characters");
    }
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.field("oldKeyValidUntil", "must be an ISO-8601 instant such as 2026-12-07T09:00:00Z");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
