package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's only way to Kindred's data: the control service's REST API, called with the
 * logged-in user's own access token, so control decides what this user may see and change.
 */
@ApplicationScoped
public class ControlClient {

  private final ApiCalls api;
  private final String base;

  public ControlClient(ApiCalls api, @ConfigProperty(name = "kindred.console.control-url") String base) {
    this.api = api;
    this.base = ApiCalls.trim(base);
  }

  public JsonNode tenants(String token) {
    return call(token, "GET", "/v1/tenants", null);
  }

  /** Platform-admins only: the tenant, its first admin's login and an ingest and a serve key, shown once. */
  public JsonNode createTenant(String token, String name, String slug, String adminEmail) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    if (slug != null && !slug.isBlank()) {
      body.put("slug", slug.trim());
    }
    if (adminEmail != null && !adminEmail.isBlank()) {
      body.put("adminEmail", adminEmail.trim());
    }
    return call(token, "POST", "/v1/tenants", body);
  }

  public JsonNode settings(String token, String tenant) {
    return call(token, "GET", "/v1/tenants/" + tenant + "/settings", null);
  }

  /** RFC 7396 merge patch; control validates the whole result and answers with it. */
  public JsonNode patchSettings(String token, String tenant, Map<String, Object> patch) {
    return call(token, "PATCH", "/v1/tenants/" + tenant + "/settings", patch);
  }

  public JsonNode keys(String token, String tenant) {
    return call(token, "GET", "/v1/tenants/" + tenant + "/api-keys", null);
  }

  public JsonNode issueKey(String token, String tenant, String scope, String label) {
    return call(token, "POST", "/v1/tenants/" + tenant + "/api-keys", Map.of("scope", scope, "label", label));
  }

  /**
   * A new key of the same scope replacing {@code keyId}, which keeps working until {@code oldKeyValidUntil}
   * (the overlap window a live app needs to switch; now: revoked in the same step).
   */
  public JsonNode rotateKey(String token, String tenant, String scope, String label, String keyId,
      java.time.Instant oldKeyValidUntil) {
    return call(token, "POST", "/v1/tenants/" + tenant + "/api-keys", Map.of("scope", scope, "label", label,
        "replaces", keyId, "oldKeyValidUntil", oldKeyValidUntil.toString()));
  }

  public JsonNode tokenKeys(String token, String tenant) {
    return call(token, "GET", "/v1/tenants/" + tenant + "/user-token-keys", null);
  }

  /** A user-token signing key (its secret shown once); with {@code replaces} the old one signs until {@code until}. */
  public JsonNode issueTokenKey(String token, String tenant, String label, String replaces, java.time.Instant until) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("label", label);
    if (replaces != null) {
      body.put("replaces", replaces);
      body.put("oldKeyValidUntil", until.toString());
    }
    return call(token, "POST", "/v1/tenants/" + tenant + "/user-token-keys", body);
  }

  public void revokeTokenKey(String token, String tenant, String keyId) {
    call(token, "DELETE", "/v1/tenants/" + tenant + "/user-token-keys/" + enc(keyId), null);
  }

  public void revokeKey(String token, String tenant, String keyId) {
    call(token, "DELETE", "/v1/tenants/" + tenant + "/api-keys/" + enc(keyId), null);
  }

  public JsonNode requestErasure(String token, String tenant, String userId) {
    return call(token, "POST", "/v1/tenants/" + tenant + "/privacy/erasures", Map.of("userId", userId));
  }

  public JsonNode privacyRequests(String token, String tenant) {
    return call(token, "GET", "/v1/tenants/" + tenant + "/privacy/requests?limit=200", null);
  }

  public JsonNode audit(String token, String tenant) {
    return call(token, "GET", "/v1/tenants/" + tenant + "/audit?limit=200", null);
  }

  private JsonNode call(String token, String method, String path, Object body) {
    return api.call(base + path, token, null, method, body);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
