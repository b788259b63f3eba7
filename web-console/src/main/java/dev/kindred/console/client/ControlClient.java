package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's only way to Kindred's data: the control service's REST API, called with the
 * logged-in user's own access token, so control decides what this user may see and change.
 */
@ApplicationScoped
public class ControlClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ControlClient(@ConfigProperty(name = "kindred.console.control-url") String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public JsonNode tenants(String token) {
    return call(token, "GET", "/v1/tenants", null);
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
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
          .header("Authorization", "Bearer " + token).header("Accept", "application/json");
      if (body != null) {
        b.header("Content-Type", "PATCH".equals(method) ? "application/merge-patch+json" : "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw ControlException.of(r.statusCode(), r.body());
      }
      return r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new ControlException(503, "the control service cannot be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException(503, "interrupted");
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
