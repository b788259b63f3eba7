package dev.kindred.simulator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to Kindred's public APIs as the local platform admin (password grant against the local
 * Keycloak): onboards a tenant — or, when it exists and its keys were shown once and lost, issues
 * fresh ones — and makes authenticated calls. Used by the demo seeder and the benchmarks.
 */
public final class ControlClient {

  /**
   * A tenant and its credentials: the secret ingest and serve keys (servers), the publishable key
   * (pages, apps) and the user-token secret its backend signs end-user tokens with.
   */
  public record Keys(String tenantId, String ingestKey, String serveKey, String publishableKey, String userTokenSecret) {
  }

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String keycloak;
  private final String control;

  public ControlClient(String keycloak, String control) {
    this.keycloak = keycloak;
    this.control = control;
  }

  public Keys onboard(String token, String name, String slug, String adminPassword) throws Exception {
    JsonNode created = call("POST", control + "/v1/tenants", token, "application/json",
        JSON.writeValueAsString(Map.of("name", name, "slug", slug, "adminEmail", slug + "-admin@kindred.local",
            "adminPassword", adminPassword)), 201, 409);
    if (created.has("tenant")) {
      return new Keys(created.get("tenant").get("id").asText(), created.get("ingestKey").get("key").asText(),
          created.get("serveKey").get("key").asText(), created.get("publishableKey").get("key").asText(),
          created.get("userTokenKey").get("key").asText());
    }
    String tenantId = findTenant(token, slug);
    return new Keys(tenantId, issueKey(token, tenantId, "ingest"), issueKey(token, tenantId, "serve"),
        issueKey(token, tenantId, "publishable"), issueTokenKey(token, tenantId));
  }

  /** A user-token key for a tenant whose first one was shown once and lost (the seeder's state predates it). */
  public String issueTokenKey(String token, String tenantId) throws Exception {
    return call("POST", control + "/v1/tenants/" + tenantId + "/user-token-keys", token, "application/json",
        JSON.writeValueAsString(Map.of("label", "seeding")), 201).get("key").asText();
  }

  /** A fresh key of {@code scope} for the tenant. */
  public String issueKey(String token, String tenantId, String scope) throws Exception {
    return call("POST", control + "/v1/tenants/" + tenantId + "/api-keys", token, "application/json",
        JSON.writeValueAsString(Map.of("scope", scope, "label", "seeding")), 201).get("key").asText();
  }

  private String findTenant(String token, String slug) throws Exception {
    for (JsonNode t : call("GET", control + "/v1/tenants", token, null, null, 200)) {
      if (slug.equals(t.get("slug").asText())) {
        return t.get("id").asText();
      }
    }
    throw new IllegalStateException("tenant " + slug + " exists in Keycloak but not in Kindred");
  }

  /** A platform-admin access token. */
  public String token() throws Exception {
    String form = "grant_type=password&client_id=kindred-cli&username=kindred-admin&password=kindred-admin";
    HttpRequest req = HttpRequest.newBuilder(URI.create(keycloak + "/realms/kindred/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("Keycloak refused the platform admin: " + r.body());
    }
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  /** A call that must answer one of {@code ok}; its JSON body (empty object when there is none). */
  public JsonNode call(String method, String url, String bearer, String contentType, String body, int... ok)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + bearer);
    if (body != null) {
      b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (int code : ok) {
      if (r.statusCode() == code) {
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      }
    }
    throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
  }
}
