package dev.kindred.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Users with one realm role in one tenant's organization, made through Keycloak's admin API with
 * the local realm's control service account (the console has no user management yet).
 */
final class KeycloakUsers {

  private final String keycloak;
  private final String admin;

  KeycloakUsers(String keycloak) {
    this.keycloak = keycloak;
    Http.Answer a = Http.call("POST", keycloak + "/realms/kindred/protocol/openid-connect/token", null,
        "application/x-www-form-urlencoded", Http.form(Map.of("grant_type", "client_credentials",
            "client_id", "kindred-control", "client_secret", "kindred-control-secret")));
    this.admin = field(a, "access_token");
  }

  /** Creates {@code username} with {@code role}, member of the organization {@code slug}; returns a token. */
  String userWithRole(String slug, String username, String role) {
    String base = keycloak + "/admin/realms/kindred";
    String password = "pw-" + username;
    String body = json(Map.of("username", username, "email", username + "@e2e.kindred.local", "enabled", true,
        "emailVerified", true, "firstName", username, "lastName", "E2e",
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    expect(Http.call("POST", base + "/users", admin, null, body), 201);
    String userId = tree(Http.call("GET", base + "/users?exact=true&username=" + username, admin, null, null)).get(0).get("id").asText();
    JsonNode roleRep = tree(Http.call("GET", base + "/roles/" + role, admin, null, null));
    expect(Http.call("POST", base + "/users/" + userId + "/role-mappings/realm", admin, null, "[" + roleRep + "]"), 204);
    JsonNode orgs = tree(Http.call("GET", base + "/organizations?search=" + slug, admin, null, null));
    String orgId = null;
    for (JsonNode o : orgs) {
      if (slug.equals(o.path("alias").asText())) {
        orgId = o.get("id").asText();
      }
    }
    if (orgId == null) {
      throw new IllegalStateException("no organization " + slug);
    }
    expect(Http.call("POST", base + "/organizations/" + orgId + "/members", admin, null, "\"" + userId + "\""), 201);
    return Http.token(keycloak, username, password);
  }

  private static void expect(Http.Answer a, int status) {
    if (a.status() != status) {
      throw new IllegalStateException("Keycloak answered " + a.status() + ": " + a.body());
    }
  }

  private static JsonNode tree(Http.Answer a) {
    try {
      return Http.JSON.readTree(a.body());
    } catch (Exception e) {
      throw new IllegalStateException(a.body(), e);
    }
  }

  private static String field(Http.Answer a, String name) {
    return tree(a).get(name).asText();
  }

  private static String json(Object o) {
    try {
      return Http.JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
