package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.sdk.Event;
import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console in headless Chromium against the running stack: log in on Keycloak's real page,
 * see the tenant, change a setting and see it take effect in control, issue a key, and a privacy
 * officer's erasure request completing; route access per role; security headers. Screenshots of
 * each view go to {@code e2e-tests/target/screenshots/}.
 */
class ConsoleBrowserIT {

  private static Stack stack;
  private static Stack.Tenant tenant;
  private static String console;
  private static String dpo;
  private static String analyst;

  @BeforeAll
  static void start() {
    stack = Stack.get();
    tenant = stack.onboard("console");
    console = stack.url(Stack.CONSOLE);
    KeycloakUsers users = new KeycloakUsers(stack.keycloak);
    dpo = tenant.slug() + "-dpo";
    users.userWithRole(tenant.slug(), dpo, "privacy-officer");
    analyst = tenant.slug() + "-analyst";
    users.userWithRole(tenant.slug(), analyst, "tenant-analyst");
    // An end-user with behaviour, as the tenant's app would send it.
    try (KindredClient kindred = new KindredClient(KindredConfig.builder().ingestUrl(stack.url("ingest"))
        .recommendUrl(stack.url("recommend")).ingestKey(tenant.ingestKey()).serveKey(tenant.serveKey()).build())) {
      DemoCatalogue.load(kindred);
      kindred.track(Event.purchase("ana", "camp-0"));
      kindred.track(Event.view("ana", "camp-1"));
      kindred.track(Event.view("ana", "camp-2"));
      kindred.flush();
      DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(kindred, "ana"));
      // One list served by the app and a click on it: the dashboard's serving quality.
      // (By another user: ana's profile stays as the tests below expect it.)
      var served = kindred.recommendations("bo", KindredClient.RecommendationRequest.count(4));
      kindred.track(Event.click("bo", served.items().get(0).itemId()).recommendation(served.recommendationId()));
      kindred.flush();
    }
  }

  @Test
  void fromLoginToAUsersExplainedRecommendationsAuditedAndNotLoggedAsImpressions() throws Exception {
    long impressionsBefore = impressions();
    try (Browser b = new Browser(Path.of(".."))) {
      long t0 = System.nanoTime();
      new KeycloakLoginPage(b.driver).logIn(console, analyst, "pw-" + analyst);
      ConsoleUsersPage users = new ConsoleUsersPage(b.driver).lookUp("ana");
      String why = users.recommendations();
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertThat(why).containsAnyOf("interest/", "session", "co-visit").contains("Because you");
      assertThat(users.interests()).contains("Ultralight").contains("%");
      assertThat(users.hasTimeline()).isFalse();   // an analyst has no right of access to the user's events
      users.screenshot("06-user-explained");
      // What if ana bought coffee gear? The panel applies it to a copy of her profile: coffee comes in.
      String summary = users.whatIfPurchases("coffee-1", "coffee-2");
      assertThat(summary).contains("purchase coffee-1").contains("purchase coffee-2");
      String after = users.whatIfAfter();
      assertThat(after).contains("↑").contains("coffee");
      // What she would have bought is not recommended back to her.
      assertThat(after).doesNotContain("| Burr coffee grinder with 40 settings |")
          .doesNotContain("| Pour-over coffee dripper in ceramic |");
      users.screenshot("11-user-what-if");
      System.out.printf("console: login to a user's explained recommendations in %d s%n", seconds);
      assertThat(seconds).isLessThan(60);
    }
    // The look was audited (by pseudonym), and the end-user was shown nothing: no impression logged.
    String token = Http.token(stack.keycloak, tenant.adminUser(), tenant.adminPassword());
    String audit = Http.call("GET", stack.url("control") + "/v1/tenants/" + tenant.id() + "/audit", token, null, null).body();
    assertThat(audit).contains("user:" + analyst).contains("user.read").doesNotContain("\"ana\"");
    assertThat(impressions()).isEqualTo(impressionsBefore);
  }

  private static long impressions() throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + System.getenv("KINDRED_DB_PORT")
        + "/kindred", "kindred", "kindred");
        var s = c.prepareStatement("SELECT count(*) FROM events WHERE tenant_id = ?::uuid AND type = 'ImpressionLogged'")) {
      s.setString(1, tenant.id());
      try (var r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void aTenantAdminChangesASettingThatTakesEffectAndIssuesAKey() throws Exception {
    try (Browser b = new Browser(Path.of(".."))) {
      ConsoleOverviewPage overview = new KeycloakLoginPage(b.driver).logIn(console, tenant.adminUser(), tenant.adminPassword());
      assertThat(overview.tenantName()).isEqualTo("console e2e");
      assertThat(overview.menu()).contains("Overview", "Get started", "Dashboard", "Catalogue", "Users", "Settings", "API keys",
          "Privacy");
      ConsoleCataloguePage catalogue = new ConsoleCataloguePage(b.driver, console);
      assertThat(catalogue.rows()).contains("camp-0").contains("coffee-5").contains("embedded");
      catalogue.search("grinder");
      assertThat(catalogue.rows()).contains("Burr coffee grinder").doesNotContain("camp-0");
      assertThat(catalogue.openSimilar("Burr coffee grinder")).contains("coffee");
      catalogue.screenshot("08-catalogue-similar");
      overview.screenshot("01-overview");

      ConsoleSettingsPage settings = new ConsoleSettingsPage(b.driver, console);
      assertThat(settings.saveEnabled()).isTrue();
      assertThat(settings.saveDiversity("0.55")).contains("Settings saved");
      settings.screenshot("02-settings-saved");
      // In effect where it matters: control (which serving reads) holds the new value.
      String token = Http.token(stack.keycloak, tenant.adminUser(), tenant.adminPassword());
      JsonNode stored = Http.JSON.readTree(Http.call("GET", stack.url("control") + "/v1/tenants/" + tenant.id() + "/settings",
          token, null, null).body());
      assertThat(stored.path("diversityLambda").asDouble()).isEqualTo(0.55);
      assertThat(new ConsoleSettingsPage(b.driver, console)
          .saveTaxonomyAndWeight("Coffee gear", "grinders, kettles and brewers", "view", "1.5")).contains("Settings saved");
      JsonNode edited = Http.JSON.readTree(Http.call("GET", stack.url("control") + "/v1/tenants/" + tenant.id() + "/settings",
          token, null, null).body());
      assertThat(edited.path("taxonomy").toString()).contains("Coffee gear").contains("grinders, kettles and brewers");
      assertThat(edited.path("eventWeights").path("view").asDouble()).isEqualTo(1.5);
      assertThat(edited.path("diversityLambda").asDouble()).isEqualTo(0.55);
      // A value control refuses comes back as its own words, and nothing changes.
      assertThat(new ConsoleSettingsPage(b.driver, console).saveDiversity("7")).contains("diversityLambda");
      b.driver.get(console + "/");
      assertThat(new ConsoleOverviewPage(b.driver).await().settingsSummary()).contains("diversity λ 0.55");

      ConsoleKeysPage keys = new ConsoleKeysPage(b.driver, console);
      String issued = keys.issue("from the console");
      assertThat(issued).startsWith("kd_ing_");
      keys.screenshot("03-api-key-issued");
      keys.close();
      assertThat(keys.keys()).contains("from the console");
      // Rotation, confirmed first: a new key of the same scope; the old one keeps working for the window (24 h).
      String issuedId = issued.substring(0, issued.indexOf('.'));
      String[] rotation = keys.rotate(issuedId);
      String rotated = rotation[1];
      keys.close();
      assertThat(rotation[0]).contains("keeps working until the end of the window");
      assertThat(rotation[2]).startsWith(issuedId + " keeps working until");
      assertThat(rotated).startsWith("kd_ing_").isNotEqualTo(issued);
      String probe = "{\"id\":\"probe-1\",\"title\":\"Probe\"}";
      assertThat(Http.call("PUT", stack.url("ingest") + "/v1/items", issued, "application/json", "[" + probe + "]").status())
          .as("the old key during its overlap window").isEqualTo(200);
      assertThat(Http.call("PUT", stack.url("ingest") + "/v1/items", rotated, "application/json", "[" + probe + "]").status())
          .isEqualTo(200);
      assertThat(keys.keys()).contains("replaced by " + rotated.substring(0, rotated.indexOf('.')));
      // Revocation asks first: cancelled, nothing happens; confirmed, the old key is refused from the next request.
      keys.revokeButCancel(issuedId);
      assertThat(Http.call("PUT", stack.url("ingest") + "/v1/items", issued, "application/json", "[" + probe + "]").status())
          .isEqualTo(200);
      assertThat(keys.revoke(issuedId)).contains("stops working now");
      DemoCatalogue.eventually(java.time.Duration.ofSeconds(10), () -> Http.call("PUT", stack.url("ingest") + "/v1/items",
          issued, "application/json", "[" + probe + "]").status() == 401);
      assertThat(keys.keys()).contains("revoked");
    }
  }

  @Test
  void aPrivacyOfficerErasesAUserAndSeesTheRequestCompleteAndAudited() throws Exception {
    try (Browser b = new Browser(Path.of(".."))) {
      ConsoleOverviewPage overview = new KeycloakLoginPage(b.driver).logIn(console, dpo, "pw-" + dpo);
      assertThat(overview.menu()).contains("Privacy").doesNotContain("API keys").doesNotContain("Dashboard");
      ConsolePrivacyPage privacy = new ConsolePrivacyPage(b.driver, console);
      assertThat(privacy.erase("someone-to-forget")).contains("Erasure requested");
      privacy.awaitRequest("COMPLETED");
      assertThat(privacy.requests()).contains("ERASURE").contains("user:" + dpo);
      assertThat(privacy.audit()).contains("privacy.erasure.request");
      privacy.screenshot("04-privacy-erasure-completed");
      // The officer sees a user's event timeline (the audited export) next to their recommendations.
      ConsoleUsersPage users = new ConsoleUsersPage(b.driver).lookUp("ana");
      assertThat(users.timeline()).contains("ItemPurchased").contains("camp-0");
      assertThat(users.consent()).contains("personalization allowed").contains("never stated");
      // Read-only settings, and no way into the key page.
      assertThat(new ConsoleSettingsPage(b.driver, console).saveEnabled()).isFalse();
      b.driver.get(console + "/keys");
      assertThat(new ConsoleOverviewPage(b.driver).await().tenantName()).isEqualTo("console e2e");
      assertThat(b.driver.getCurrentUrl()).doesNotContain("/keys");
    }
  }

  @Test
  void anAnalystReadsButCannotReachPrivacyOrKeys() throws Exception {
    try (Browser b = new Browser(Path.of(".."))) {
      ConsoleOverviewPage overview = new KeycloakLoginPage(b.driver).logIn(console, analyst, "pw-" + analyst);
      assertThat(overview.menu()).contains("Settings").doesNotContain("Privacy").doesNotContain("API keys")
          .doesNotContain("Get started");
      for (String route : new String[] {"/privacy", "/keys", "/onboarding"}) {
        b.driver.get(console + route);
        new ConsoleOverviewPage(b.driver).await();
        assertThat(b.driver.getCurrentUrl()).doesNotContain(route);
      }
      overview.screenshot("05-analyst-overview");
      // The dashboard: one active user today is below the tenant's minimum group (5), so not shown.
      ConsoleDashboardPage dashboard = new ConsoleDashboardPage(b.driver, console);
      assertThat(dashboard.note()).contains("Laplace").contains("fewer than 5 users");
      // The tenant's profiles were built above, so its projection is not behind.
      assertThat(dashboard.freshness()).isEqualTo("Interest profiles: up to date with every event.");
      assertThat(dashboard.hasChart()).isTrue();
      assertThat(b.driver.findElements(org.openqa.selenium.By.cssSelector("svg#events-chart"))).hasSize(1);
      assertThat(dashboard.daily()).contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()).contains("–");
      // Serving quality: the app's one list (not the console's looks) and its attributed click.
      String quality = dashboard.quality();
      assertThat(quality).contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().substring(5)).contains("%");
      // The app's lists (the set-up's own feed calls among them), none of the console's looks.
      assertThat(Integer.parseInt(dashboard.qualityNote().split(" ")[0])).isPositive();
      assertThat(dashboard.qualityCharts()).isEqualTo(8);
      dashboard.screenshot("07-dashboard");
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "/")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);   // to Keycloak's login
    assertThat(r.headers().firstValue("location").orElseThrow()).startsWith(stack.keycloak + "/realms/kindred/");
    assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
  }
}
