package dev.kindred.control;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The control API against the real PostgreSQL and Keycloak started by bin/kindred test. */
@QuarkusTest
class TenantApiTest {

  static Response onboard(String slug) {
    return given().auth().oauth2(Keycloak.platformAdmin()).contentType(ContentType.JSON)
        .body(Map.of("name", "Shop " + slug, "slug", slug, "adminEmail", slug + "@example.com",
            "adminPassword", "pw-" + slug + "-123"))
        .post("/v1/tenants");
  }

  static String slug() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void platformAdminOnboardsATenantWithOrganizationAdminAndItsKeys() {
    String slug = slug();
    Response r = onboard(slug);
    r.then().statusCode(201)
        .header("Location", containsString("/v1/tenants/"))
        .body("tenant.slug", equalTo(slug))
        .body("tenant.organizationId", notNullValue())
        .body("admin.username", equalTo(slug + "-admin"))
        .body("ingestKey.key", containsString("kd_ing_"))
        .body("serveKey.key", containsString("kd_srv_"))
        .body("publishableKey.key", containsString("kd_pub_"))
        .body("userTokenKey.key", org.hamcrest.Matchers.startsWith("kd_utk_"))
        .body("notice", containsString("publishable"));
    String id = r.path("tenant.id");

    // The first tenant-admin can log in, and the token names the tenant's organization.
    String adminToken = Keycloak.token(slug + "-admin", "pw-" + slug + "-123");
    given().auth().oauth2(adminToken).get("/v1/tenants/" + id).then().statusCode(200).body("slug", equalTo(slug));
    given().auth().oauth2(adminToken).get("/v1/tenants/" + id + "/settings").then().statusCode(200)
        .body("maxInterests", equalTo(8)).body("eventWeights.purchase", equalTo(8.0f));
    given().auth().oauth2(adminToken).get("/v1/tenants").then().statusCode(200)
        .body("size()", equalTo(1)).body("[0].id", equalTo(id));

    // Keys are listed without secrets.
    given().auth().oauth2(adminToken).get("/v1/tenants/" + id + "/api-keys").then().statusCode(200)
        .body("size()", equalTo(3)).body("scope", org.hamcrest.Matchers.containsInAnyOrder("ingest", "serve", "publishable"))
        .body("key", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));
    given().auth().oauth2(adminToken).get("/v1/tenants/" + id + "/user-token-keys").then().statusCode(200)
        .body("size()", equalTo(1)).body("[0].keyId", equalTo(r.path("userTokenKey.keyId")))
        .body("key", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()));

    // Re-using the slug is a conflict, and nothing is half-created in Keycloak.
    onboard(slug).then().statusCode(409).contentType("application/problem+json");
  }

  @Test
  void settingsArePatchedAsAWholeAndInvalidPatchesNameTheField() {
    Response r = onboard(slug());
    String id = r.path("tenant.id");
    String admin = Keycloak.platformAdmin();
    given().auth().oauth2(admin).contentType("application/merge-patch+json")
        .body(Map.of("explorationBudget", 0.2, "eventWeights", Map.of("view", 0.5),
            "taxonomy", List.of(Map.of("name", "Running", "description", "road and trail running"))))
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(200).body("explorationBudget", equalTo(0.2f))
        .body("eventWeights.view", equalTo(0.5f)).body("eventWeights.purchase", equalTo(8.0f))
        .body("taxonomy[0].name", equalTo("Running"));

    given().auth().oauth2(admin).contentType("application/merge-patch+json")
        .body(Map.of("explorationBudget", 0.9, "diversityLambda", 0.1))
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", hasItem("explorationBudget"));
    // Nothing of the rejected patch was applied.
    given().auth().oauth2(admin).get("/v1/tenants/" + id + "/settings").then()
        .body("explorationBudget", equalTo(0.2f)).body("diversityLambda", equalTo(0.3f));

    given().auth().oauth2(admin).contentType("application/merge-patch+json").body(Map.of("colour", "red"))
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(400).body("detail", containsString("colour"));
    // Business rules: stored as sent; a wrong rule names its index and field, and nothing is applied.
    given().auth().oauth2(admin).contentType("application/merge-patch+json")
        .body(Map.of("rules", List.of(Map.of("id", "sale", "kind", "boost", "filter", "category:Sale", "factor", 1.5))))
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(200).body("rules[0].factor", equalTo(1.5f)).body("rankingWeights.interest", equalTo(1.0f));
    given().auth().oauth2(admin).contentType("application/merge-patch+json")
        .body(Map.of("rules", List.of(Map.of("id", "p", "kind", "pin", "itemId", "sku-1", "position", 500))))
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(400).body("errors.field", hasItem("rules[0].position"));
    given().auth().oauth2(admin).get("/v1/tenants/" + id + "/settings").then().body("rules[0].id", equalTo("sale"));
    // Every accepted change is in the audit log, newest first, with who made it; refused ones are not.
    given().auth().oauth2(admin).get("/v1/tenants/" + id + "/audit").then().statusCode(200)
        .body("action", org.hamcrest.Matchers.everyItem(equalTo("settings.change")))
        .body("size()", equalTo(2))
        .body("[0].actor", equalTo("user:kindred-admin"))
        .body("[0].detail.patch.rules[0].id", equalTo("sale"));
    given().auth().oauth2(admin).get("/v1/tenants/" + id + "/audit?limit=0").then().statusCode(400)
        .body("errors[0].field", equalTo("limit"));
    given().auth().oauth2(admin).contentType("application/merge-patch+json").body("{not json")
        .patch("/v1/tenants/" + id + "/settings")
        .then().statusCode(400).contentType("application/problem+json");
  }

  @Test
  void rolesAndTenantsAreEnforced() {
    Response a = onboard(slug());
    Response b = onboard(slug());
    String idA = a.path("tenant.id");
    String slugB = b.path("tenant.slug");
    String adminB = Keycloak.token(slugB + "-admin", "pw-" + slugB + "-123");
    String nobody = Keycloak.token("nobody", "nobody-pw");

    given().get("/v1/tenants/" + idA).then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    given().auth().oauth2("not-a-token").get("/v1/tenants/" + idA).then().statusCode(401)
        .contentType("application/problem+json").body("status", org.hamcrest.Matchers.equalTo(401));
    // Another tenant's admin and a user without roles see nothing of tenant A: 404, never data.
    given().auth().oauth2(adminB).get("/v1/tenants/" + idA).then().statusCode(404);
    given().auth().oauth2(adminB).get("/v1/tenants/" + idA + "/settings").then().statusCode(404);
    given().auth().oauth2(adminB).contentType("application/merge-patch+json").body(Map.of("maxInterests", 4))
        .patch("/v1/tenants/" + idA + "/settings").then().statusCode(404);
    given().auth().oauth2(adminB).delete("/v1/tenants/" + idA + "/api-keys/" + a.path("ingestKey.keyId"))
        .then().statusCode(404);
    given().auth().oauth2(nobody).get("/v1/tenants/" + idA).then().statusCode(404);
    given().auth().oauth2(nobody).get("/v1/tenants").then().statusCode(200).body("size()", equalTo(0));
    // Only a platform-admin onboards tenants.
    given().auth().oauth2(adminB).contentType(ContentType.JSON)
        .body(Map.of("name", "x", "slug", slug(), "adminEmail", "x@example.com"))
        .post("/v1/tenants").then().statusCode(403);
    given().auth().oauth2(Keycloak.platformAdmin()).get("/v1/tenants/not-a-uuid").then().statusCode(400)
        .body("errors[0].field", equalTo("id"));
  }

  @Test
  void onboardingInputIsValidated() {
    given().auth().oauth2(Keycloak.platformAdmin()).contentType(ContentType.JSON)
        .body(Map.of("name", "", "slug", "Bad Slug!", "adminEmail", "not-an-email", "adminPassword", "short"))
        .post("/v1/tenants")
        .then().statusCode(400).contentType("application/problem+json")
        .body("errors.field", org.hamcrest.Matchers.hasItems("name", "slug", "adminEmail", "adminPassword"));
  }
}
