package dev.kindred.control;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/** Real tokens from the test Keycloak (password grant of the kindred-cli client). */
final class Keycloak {
  private Keycloak() {}

  static String url() {
    return ConfigProvider.getConfig().getValue("kindred.keycloak.url", String.class);
  }

  static String token(String username, String password) {
    return given().baseUri(url())
        .formParam("grant_type", "password").formParam("client_id", "kindred-cli")
        .formParam("username", username).formParam("password", password).formParam("scope", "openid organization")
        .post("/realms/kindred/protocol/openid-connect/token")
        .then().statusCode(200).extract().path("access_token");
  }

  static String platformAdmin() {
    return token("kindred-admin", "kindred-admin");
  }
}
