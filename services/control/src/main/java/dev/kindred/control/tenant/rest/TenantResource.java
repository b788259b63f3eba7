package dev.kindred.control.tenant.rest;

import dev.kindred.control.privacy.service.PrivacyService;
import dev.kindred.control.security.TenantAccess;
import dev.kindred.control.security.VisibleTenants;
import dev.kindred.control.tenant.rest.TenantDtos.AdminLogin;
import dev.kindred.control.tenant.rest.TenantDtos.CreateTenantRequest;
import dev.kindred.control.tenant.rest.TenantDtos.IssuedKey;
import dev.kindred.control.tenant.rest.TenantDtos.OnboardingResult;
import dev.kindred.control.tenant.rest.TenantDtos.TenantView;
import dev.kindred.control.tenant.service.TenantService;
import dev.kindred.tenancy.FieldError;
import dev.kindred.tenancy.TenantRepository.Tenant;
import dev.kindred.tenancy.TenantSettings;
import dev.kindred.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Tenants, their settings and API keys. Authenticated by Keycloak bearer tokens. */
@Path("/v1/tenants")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
  private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final TenantService service;
  private final TenantAccess access;
  private final PrivacyService privacy;
  private final VisibleTenants tenants;

  public TenantResource(TenantService service, TenantAccess access, PrivacyService privacy, VisibleTenants tenants) {
    this.service = service;
    this.access = access;
    this.privacy = privacy;
    this.tenants = tenants;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> create(CreateTenantRequest req) {
    access.requirePlatformAdmin();
    validate(req);
    String slug = req.slug() != null ? req.slug() : slugOf(req.name());
    return service.onboard(req.name().trim(), slug, req.adminEmail(), req.adminPassword()).map(o -> {
      OnboardingResult body = new OnboardingResult(TenantView.of(o.tenant()),
          new AdminLogin(o.adminUsername(), o.adminPassword()),
          new IssuedKey(o.ingestKey().keyId(), "ingest", o.ingestKey().key()),
          new IssuedKey(o.serveKey().keyId(), "serve", o.serveKey().key()),
          new IssuedKey(o.publishableKey().keyId(), "publishable", o.publishableKey().key()),
          new IssuedKey(o.userTokenKeyId(), "user-token", o.userTokenSecret()),
          "Keys and the admin password are shown only now; store them safely. The ingest and serve keys and the "
              + "user-token secret are secret: keep them on your servers. The publishable key may sit in your pages "
              + "and apps; your backend signs short-lived user tokens with the user-token secret.");
      return Response.created(URI.create("/v1/tenants/" + o.tenant().id())).entity(body).build();
    });
  }

  @GET
  public Uni<List<TenantView>> list() {
    return service.listAll().map(all -> all.stream()
        .filter(t -> access.isPlatformAdmin() || access.organizations().contains(t.slug()))
        .map(TenantView::of).toList());
  }

  @GET
  @Path("{id}")
  public Uni<TenantView> get(@PathParam("id") String id) {
    return visible(id, false).map(TenantView::of);
  }

  @GET
  @Path("{id}/settings")
  public Uni<TenantSettings> settings(@PathParam("id") String id) {
    return visible(id, false).chain(t -> service.settings(t.id()));
  }

  @PATCH
  @Path("{id}/settings")
  @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
  public Uni<TenantSettings> patchSettings(@PathParam("id") String id, Map<String, Object> patch) {
    if (patch == null || patch.isEmpty()) {
      throw ProblemException.badRequest("send a JSON merge patch with at least one setting", null);
    }
    return visible(id, true).chain(t -> service.patchSettings(t.id(), patch, access.actor()));
  }

  /** The audit log (exports of user data, settings changes, key issues and revocations), newest first. */
  @GET
  @Path("{id}/audit")
  public Uni<List<Map<String, Object>>> audit(@PathParam("id") String id,
      @jakarta.ws.rs.QueryParam("limit") String limitParam) {
    int limit = dev.kindred.web.Params.integer("limit", limitParam, 100, 1, 1000);
    return visible(id, false).invoke(t -> access.requireAuditRead(t.slug())).chain(t -> service.audit(t.id(), limit));
  }

  /** A privacy officer's erasure request, {@code {"userId": "..."}}: 202 with the request to follow. */
  @POST
  @Path("{id}/privacy/erasures")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> erase(@PathParam("id") String id, Map<String, String> body) {
    String userId = body == null ? null : body.get("userId");
    return visible(id, false).invoke(t -> access.requirePrivacy(t.slug()))
        .chain(t -> privacy.requestErasure(t.id(), userId, access.actor())
            .chain(rid -> privacy.request(t.id(), rid.toString())))
        .map(view -> Response.accepted(view).build());
  }

  /** The tenant's privacy requests, newest first. */
  @GET
  @Path("{id}/privacy/requests")
  public Uni<List<Map<String, Object>>> privacyRequests(@PathParam("id") String id,
      @jakarta.ws.rs.QueryParam("limit") String limitParam) {
    int limit = dev.kindred.web.Params.integer("limit", limitParam, 100, 1, 1000);
    return visible(id, false).invoke(t -> access.requirePrivacy(t.slug())).chain(t -> privacy.requests(t.id(), limit));
  }

  @GET
  @Path("{id}/privacy/requests/{requestId}")
  public Uni<Map<String, Object>> privacyRequest(@PathParam("id") String id, @PathParam("requestId") String requestId) {
    return visible(id, false).invoke(t -> access.requirePrivacy(t.slug())).chain(t -> privacy.request(t.id(), requestId));
  }

  private Uni<Tenant> visible(String rawId, boolean write) {
    return tenants.visible(rawId, write);
  }

  private static void validate(CreateTenantRequest req) {
    if (req == null) {
      throw ProblemException.badRequest("a JSON body is required", null);
    }
    List<FieldError> errors = new ArrayList<>();
    if (req.name() == null || req.name().isBlank() || req.name().length() > 100) {
      errors.add(FieldError.of("name", "is required, at most 100 characters"));
    }
    if (req.slug() != null && !SLUG.matcher(req.slug()).matches()) {
      errors.add(FieldError.of("slug", "3-40 characters: lower-case letters, digits and '-', starting with a letter"));
    }
    if (req.slug() == null && req.name() != null && !SLUG.matcher(slugOf(req.name())).matches()) {
      errors.add(FieldError.of("slug", "cannot be derived from the name; send one"));
    }
    if (req.adminEmail() == null || !EMAIL.matcher(req.adminEmail()).matches()) {
      errors.add(FieldError.of("adminEmail", "a valid e-mail address is required"));
    }
    if (req.adminPassword() != null && req.adminPassword().length() < 8) {
      errors.add(FieldError.of("adminPassword", "at least 8 characters"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.badRequest("the tenant cannot be created as sent", errors);
    }
  }

  static String slugOf(String name) {
    String s = name == null ? "" : name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.length() > 40 ? s.substring(0, 40).replaceAll("-+$", "") : s;
  }
}
