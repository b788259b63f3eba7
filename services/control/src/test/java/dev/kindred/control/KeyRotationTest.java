package dev.kindred.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Key rotation that keeps a live app running: the replaced key keeps working until the chosen end of
 * its overlap window and is refused from then on; issue, scheduled end and expiry are in the audit
 * log; revocation is at once. Authentication is checked on control's own key-authenticated endpoint
 * ({@code GET /v1/privacy/requests/{id}}: 404 for an unknown request once the key is accepted, 401
 * when it is not). The expiry sweep runs every second in tests.
 */
@QuarkusTest
class KeyRotationTest {

  private static int statusWith(String key) {
    return given().header("Authorization", "Bearer " + key).get("/v1/privacy/requests/" + UUID.randomUUID())
        .statusCode();
  }

  private static List<Map<String, Object>> audit(String admin, String tenant) {
    return given().auth().oauth2(admin).get("/v1/tenants/" + tenant + "/audit").then().statusCode(200).extract().path("");
  }

  private static Map<String, Object> key(String admin, String tenant, String keyId) {
    List<Map<String, Object>> keys = given().auth().oauth2(admin).get("/v1/tenants/" + tenant + "/api-keys")
        .then().statusCode(200).extract().path("");
    return keys.stream().filter(k -> keyId.equals(k.get("keyId"))).findFirst().orElseThrow();
  }

  @Test
  void theOldKeyWorksDuringTheOverlapWindowAndIsRefusedAfterItBothAudited() throws Exception {
    Response onboarded = TenantApiTest.onboard(TenantApiTest.slug());
    String tenant = onboarded.path("tenant.id");
    String oldKey = onboarded.path("ingestKey.key");
    String oldKeyId = onboarded.path("ingestKey.keyId");
    String admin = Keycloak.platformAdmin();
    assertThat(statusWith(oldKey)).isEqualTo(404);
    assertThat(key(admin, tenant, oldKeyId).get("lastUsedAt")).as("the use was recorded").isNotNull();

    Instant windowEnd = Instant.now().plusSeconds(4);
    Response rotated = given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("scope", "ingest", "label", "rotated", "replaces", oldKeyId, "oldKeyValidUntil", windowEnd.toString()))
        .post("/v1/tenants/" + tenant + "/api-keys");
    rotated.then().statusCode(201).body("key", containsString("kd_ing_")).body("replaces", equalTo(oldKeyId));
    String newKey = rotated.path("key");
    String newKeyId = rotated.path("keyId");

    // During the window both keys authenticate: the app can switch over without an outage.
    assertThat(statusWith(oldKey)).isEqualTo(404);
    assertThat(statusWith(newKey)).isEqualTo(404);
    Map<String, Object> old = key(admin, tenant, oldKeyId);
    assertThat(old.get("revokedAt")).isNull();
    assertThat(old.get("replacedBy")).isEqualTo(newKeyId);
    assertThat(Instant.parse((String) old.get("expiresAt"))).isEqualTo(windowEnd.truncatedTo(java.time.temporal.ChronoUnit.MICROS));

    // After it the old key is refused at once; the new one keeps working.
    while (Instant.now().isBefore(windowEnd.plusMillis(200))) {
      Thread.sleep(200);
    }
    assertThat(statusWith(oldKey)).isEqualTo(401);
    assertThat(statusWith(newKey)).isEqualTo(404);

    // The sweep records the expiry: the audit log holds the issue, the scheduled end and the expiry.
    long deadline = System.currentTimeMillis() + 15_000;
    List<String> actions = List.of();
    while (System.currentTimeMillis() < deadline) {
      actions = audit(admin, tenant).stream().map(e -> e.get("action") + " " + e.get("subject")).toList();
      if (actions.contains("api-key.expire " + oldKeyId)) {
        break;
      }
      Thread.sleep(300);
    }
    assertThat(actions).contains("api-key.issue " + newKeyId, "api-key.expiry-scheduled " + oldKeyId,
        "api-key.expire " + oldKeyId);
    assertThat(key(admin, tenant, oldKeyId).get("revokedAt")).isNotNull();
    Map<String, Object> scheduled = audit(admin, tenant).stream()
        .filter(e -> "api-key.expiry-scheduled".equals(e.get("action"))).findFirst().orElseThrow();
    assertThat(scheduled.get("actor")).isEqualTo("user:kindred-admin");
    assertThat(String.valueOf(scheduled.get("detail"))).contains(newKeyId);
  }

  @Test
  void revocationIsAtOnceAndARotationKeepsTheScope() {
    Response onboarded = TenantApiTest.onboard(TenantApiTest.slug());
    String tenant = onboarded.path("tenant.id");
    String admin = Keycloak.platformAdmin();
    String ingestKeyId = onboarded.path("ingestKey.keyId");
    // A rotation with no overlap ("now") revokes the old key in the same step.
    Response rotated = given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("scope", "ingest", "replaces", ingestKeyId, "oldKeyValidUntil", Instant.now().toString()))
        .post("/v1/tenants/" + tenant + "/api-keys");
    rotated.then().statusCode(201);
    assertThat(statusWith(onboarded.path("ingestKey.key"))).isEqualTo(401);
    assertThat(key(admin, tenant, ingestKeyId).get("revokedAt")).isNotNull();
    String newKeyId = rotated.path("keyId");
    given().auth().oauth2(admin).delete("/v1/tenants/" + tenant + "/api-keys/" + newKeyId).then().statusCode(204);
    assertThat(statusWith(rotated.path("key"))).isEqualTo(401);
    given().auth().oauth2(admin).delete("/v1/tenants/" + tenant + "/api-keys/" + newKeyId).then().statusCode(404);
    assertThat(audit(admin, tenant).stream().map(e -> e.get("action") + " " + e.get("subject")).toList())
        .contains("api-key.revoke " + ingestKeyId, "api-key.revoke " + newKeyId);
    // A serve key cannot be rotated into an ingest key; unknown scopes and bad times name the field.
    given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("scope", "ingest", "replaces", onboarded.path("serveKey.keyId")))
        .post("/v1/tenants/" + tenant + "/api-keys").then().statusCode(400).body("errors[0].field", equalTo("replaces"));
    given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("scope", "admin"))
        .post("/v1/tenants/" + tenant + "/api-keys").then().statusCode(400).body("errors[0].field", equalTo("scope"));
    given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("scope", "serve", "replaces", onboarded.path("serveKey.keyId"), "oldKeyValidUntil", "tomorrow"))
        .post("/v1/tenants/" + tenant + "/api-keys").then().statusCode(400)
        .body("errors[0].field", equalTo("oldKeyValidUntil"));
    given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("scope", "serve", "replaces", onboarded.path("serveKey.keyId"),
            "oldKeyValidUntil", Instant.now().plusSeconds(40 * 86_400L).toString()))
        .post("/v1/tenants/" + tenant + "/api-keys").then().statusCode(400)
        .body("errors[0].field", equalTo("oldKeyValidUntil"));
    // A publishable key is issued like the others; it is no secret key for control's endpoints.
    String publishable = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("scope", "publishable"))
        .post("/v1/tenants/" + tenant + "/api-keys").then().statusCode(201).extract().path("key");
    assertThat(publishable).startsWith("kd_pub_");
    assertThat(statusWith(publishable)).isEqualTo(403);
  }

  @Test
  void userTokenKeysAreIssuedWithTheirSecretOnceRotatedAndRevoked() {
    Response onboarded = TenantApiTest.onboard(TenantApiTest.slug());
    String tenant = onboarded.path("tenant.id");
    String admin = Keycloak.platformAdmin();
    String first = onboarded.path("userTokenKey.keyId");
    assertThat((String) onboarded.path("userTokenKey.key")).startsWith(first + ".");
    Response next = given().auth().oauth2(admin).contentType(ContentType.JSON)
        .body(Map.of("label", "2027", "replaces", first)).post("/v1/tenants/" + tenant + "/user-token-keys");
    next.then().statusCode(201).body("scope", equalTo("user-token")).body("replaces", equalTo(first));
    List<Map<String, Object>> keys = given().auth().oauth2(admin).get("/v1/tenants/" + tenant + "/user-token-keys")
        .then().statusCode(200).extract().path("");
    assertThat(keys).hasSize(2);
    assertThat(keys.stream().filter(k -> first.equals(k.get("keyId"))).findFirst().orElseThrow().get("expiresAt"))
        .as("the old key signs for 24 h more").isNotNull();
    given().auth().oauth2(admin).delete("/v1/tenants/" + tenant + "/user-token-keys/" + first).then().statusCode(204);
    given().auth().oauth2(admin).delete("/v1/tenants/" + tenant + "/user-token-keys/" + first).then().statusCode(404);
    assertThat(audit(admin, tenant).stream().map(e -> e.get("action") + " " + e.get("subject")).toList())
        .contains("user-token-key.issue " + next.path("keyId"), "user-token-key.revoke " + first);
  }
}
