package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The onboarding wizard end to end in headless Chromium, as the platform operator: log in on
 * Keycloak's page, create a tenant, read its keys once, upload a CSV catalogue and watch the
 * import's progress (with a bad row reported by line), send a test event and see the worker apply
 * it. The keys the page showed are then used outside the console to prove they are real.
 */
class ConsoleOnboardingIT {

  private static final Pattern SERVE_KEY = Pattern.compile("Serve key \\(secret\\):\\s+(\\S+)");

  @Test
  void anOperatorOnboardsATenantFromCreationToAnArrivedTestEvent() throws Exception {
    Stack stack = Stack.get();
    String console = stack.url(Stack.CONSOLE);
    String slug = "wizard-" + UUID.randomUUID().toString().substring(0, 8);
    Path csv = Files.createTempFile("catalogue", ".csv");
    StringBuilder rows = new StringBuilder("id,title,description,categories,brand\n");
    for (int i = 0; i < 40; i++) {
      rows.append("trail-").append(i).append(",\"Trail running shoe ").append(i)
          .append(", grippy\",\"Light shoe for muddy mountain trails\",running|shoes,Nordlys\n");
    }
    rows.append("broken,,\"a row without a title\",,\n");   // line 42: reported, the rest imported
    Files.writeString(csv, rows);
    try (Browser b = new Browser(Path.of(".."))) {
      new KeycloakLoginPage(b.driver).logIn(console, "kindred-admin", "kindred-admin");
      ConsoleOnboardingPage wizard = new ConsoleOnboardingPage(b.driver, console);
      String once = wizard.createTenant("Wizard shop " + slug, slug);
      assertThat(once).contains("Admin login: " + slug + "-admin").contains("Ingest key (secret):")
          .contains("Serve key (secret):").contains("Publishable key (pages):").contains("User-token secret:");
      Matcher m = SERVE_KEY.matcher(once);
      assertThat(m.find()).isTrue();
      String serveKey = m.group(1);
      Matcher pub = Pattern.compile("(kd_pub_[0-9a-f]+\\.[A-Za-z0-9_-]+)").matcher(once);
      assertThat(pub.find()).isTrue();
      // The snippet carries the new keys: secret ones in the server part, only the publishable one in the page.
      String snippet = wizard.snippet();
      assertThat(snippet).contains(serveKey).contains(pub.group(1));
      String inPage = snippet.substring(snippet.indexOf("In your page"));
      assertThat(inPage).contains(pub.group(1)).doesNotContain("kd_ing_").doesNotContain("kd_srv_").doesNotContain("kd_utk_");

      wizard.upload(csv);
      String imported = wizard.awaitImport();
      assertThat(imported).startsWith("COMPLETED").contains("41 of 41 rows").contains("40 items imported")
          .contains("1 rows rejected");
      assertThat(wizard.importErrors()).contains("42").contains("title");
      wizard.screenshot("09-onboarding-imported");

      String arrived = wizard.sendTestEventAndAwaitArrival();
      assertThat(wizard.testEventSent()).contains("Stored by ingest").contains("trail-");
      assertThat(arrived).startsWith("Arrived").contains("ms after it was sent");
      wizard.screenshot("10-onboarding-test-event-arrived");

      // The serve key shown once works from outside the console, on the catalogue just uploaded.
      Http.Answer items = Http.call("GET", stack.url("recommend") + "/v1/items?limit=1", serveKey, null, null);
      assertThat(items.status()).isEqualTo(200);
      JsonNode page = Http.JSON.readTree(items.body());
      assertThat(page.path("total").asInt()).isEqualTo(40);
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
