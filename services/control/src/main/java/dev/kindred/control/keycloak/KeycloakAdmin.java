package dev.kindred.control.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The few Keycloak admin REST calls onboarding needs (organizations, users, realm roles), made
 * with control's service account. Asynchronous, so no event-loop thread ever blocks on Keycloak.
 */
@ApplicationScoped
public class KeycloakAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String realm;
  private final String clientId;
  private final String clientSecret;
  private volatile String token;
  private volatile Instant tokenExpiry = Instant.EPOCH;

  public KeycloakAdmin(@ConfigProperty(name = "kindred.keycloak.url") String base,
      @ConfigProperty(name = "kindred.keycloak.realm") String realm,
      @ConfigProperty(name = "kindred.keycloak.admin-client-id") String clientId,
      @ConfigProperty(name = "kindred.keycloak.admin-client-secret") String clientSecret) {
    this.base = base;
    this.realm = realm;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** Creates the tenant's organization (alias = tenant slug) and returns its id. */
  public Uni<String> createOrganization(String slug, String name) {
    Map<String, Object> body = Map.of("name", name + " (" + slug + ")", "alias", slug, "enabled", true,
        "domains", List.of(Map.of("name", slug + ".tenants.kindred.local", "verified", false)));
    return send("POST", "/organizations", body).map(r -> idFromLocation(r, "organization"));
  }

  public Uni<Void> deleteOrganization(String id) {
    return send("DELETE", "/organizations/" + id, null).replaceWithVoid();
  }

  /** Creates an enabled user with a password and returns its id. */
  public Uni<String> createUser(String username, String email, String password) {
    Map<String, Object> body = Map.of("username", username, "email", email, "enabled", true,
        "emailVerified", true, "firstName", username, "lastName", "Admin",
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
    return send("POST", "/users", body).map(r -> idFromLocation(r, "user"));
  }

  public Uni<Void> deleteUser(String id) {
    return send("DELETE", "/users/" + id, null).replaceWithVoid();
  }

  public Uni<Void> grantRealmRole(String userId, String role) {
    return send("GET", "/roles/" + role, null)
        .chain(r -> send("POST", "/users/" + userId + "/role-mappings/realm", List.of(parse(r.body()))))
        .replaceWithVoid();
  }

  public Uni<Void> addMember(String organizationId, String userId) {
    return send("POST", "/organizations/" + organizationId + "/members", userId).replaceWithVoid();
  }

  private Uni<HttpResponse<String>> send(String method, String path, Object body) {
    return accessToken().chain(t -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm + path))
          .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + t);
      if (body != null) {
        b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      return Uni.createFrom().completionStage(http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
    }).map(r -> {
      if (r.statusCode() == 409) {
        throw new KeycloakConflictException(method + " " + path + ": " + r.body());
      }
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("Keycloak " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r;
    });
  }

  private Uni<String> accessToken() {
    if (token != null && Instant.now().isBefore(tokenExpiry)) {
      return Uni.createFrom().item(token);
    }
    String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/realms/" + realm + "/protocol/openid-connect/token"))
        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return Uni.createFrom().completionStage(http.sendAsync(req, HttpResponse.BodyHandlers.ofString())).map(r -> {
      if (r.statusCode() != 200) {
        throw new IllegalStateException("Keycloak refused control's service account: " + r.statusCode());
      }
      JsonNode n = parse(r.body());
      token = n.get("access_token").asText();
      tokenExpiry = Instant.now().plusSeconds(Math.max(5, n.get("expires_in").asLong() - 30));
      return token;
    });
  }

  private static String idFromLocation(HttpResponse<String> r, String what) {
    String loc = r.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("Keycloak created a " + what + " without a Location"));
    return loc.substring(loc.lastIndexOf('/') + 1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String json(Object o) {
    try {
      return o instanceof String s ? JSON.writeValueAsString(s) : JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException("Keycloak answered non-JSON", e);
    }
  }
}
