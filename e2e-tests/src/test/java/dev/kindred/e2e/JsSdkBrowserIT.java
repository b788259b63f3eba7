package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser SDK in real Chromium, on a demo shop page of its own origin, against the real
 * services — the page holds only the tenant's publishable key; the shop's backend (the page's own
 * origin, {@code /token}) signs the logged-in user's token. An anonymous visitor is tracked, logs in
 * and keeps their history; the user's purchase, the worker's profile, recommendations with reasons;
 * the privacy centre (export, erasure) for oneself; the page-hide beacon; the consent switch. The test's
 * secret keys only check from the server side what the page did.
 */
class JsSdkBrowserIT {

  private static Stack stack;
  private static Stack.Tenant tenant;
  private static KindredClient server;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.get();
    tenant = stack.onboard("js");
    server = new KindredClient(KindredConfig.builder().ingestUrl(stack.url("ingest")).recommendUrl(stack.url("recommend"))
        .ingestKey(tenant.ingestKey()).serveKey(tenant.serveKey()).build());
    DemoCatalogue.load(server);
    browser = new Browser(Path.of(System.getProperty("kindred.root", "..")));
    browser.signTokensWith(tenant.userTokenSecret());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private String shop(String user, String item, String buy, int flushMs) {
    return browser.origin + "/shop.html?ingest=" + enc(stack.url("ingest")) + "&recommend=" + enc(stack.url("recommend"))
        + "&key=" + enc(tenant.publishableKey()) + (user == null ? "" : "&user=" + enc(user))
        + "&item=" + enc(item) + (buy == null ? "" : "&buy=" + enc(buy)) + "&flush=" + flushMs;
  }

  @Test
  void aVisitorLogsInKeepsTheirHistorySeesReasonsThenExportsAndErasesTheirData() {
    var d = browser.driver;
    d.get(shop(null, "camp-0", "camp-1", 200));
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.textToBe(By.id("status"), "ready"));
    String visitor = (String) d.executeScript("return window.kindred.currentUser()");
    assertThat(visitor).startsWith("anon-");
    assertThat(d.getPageSource()).doesNotContain(tenant.ingestKey(), tenant.serveKey(), tenant.userTokenSecret());
    // The visitor's view is stored under the anonymous id; logging in merges it into the user.
    DemoCatalogue.eventually(Duration.ofSeconds(30), () -> ((Number) d.executeScript(
        "return window.kindred.stats().accepted")).intValue() == 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> merged = (Map<String, Object>) d.executeAsyncScript(
        "window.login('walker').then(arguments[0], (e) => arguments[0]({error: String(e)}))");
    assertThat(merged).containsEntry("merged", 1L);
    assertThat(d.executeScript("return window.kindred.currentUser()")).isEqualTo("walker");
    d.findElement(By.id("buy")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "bought"));

    // The worker builds walker's profile from the visitor's view and the user's purchase; the page shows a
    // personal feed, asked with walker's token.
    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> Boolean.TRUE.equals(
        d.executeAsyncScript("window.showRecommendations().then(arguments[0], () => arguments[0](false))")));
    List<WebElement> recs = d.findElements(By.cssSelector("#recs li"));
    assertThat(recs).isNotEmpty();
    for (WebElement li : recs) {
      assertThat(li.findElement(By.className("why")).getText()).isNotBlank();
      assertThat(li.getAttribute("data-item")).isNotIn("camp-0", "camp-1");   // viewed as a visitor, bought: consumed
    }
    assertThat(recs.get(0).getAttribute("data-item")).startsWith("camp-");
    assertThat(server.profile("walker").interests().get(0).supportingEvents())
        .extracting(e -> e.itemId()).contains("camp-0", "camp-1");

    // The privacy centre, for walker only: the export holds both events (the visitor's, merged, and his own).
    d.findElement(By.id("export")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "exported"));
    assertThat(d.findElement(By.id("mydata")).getText()).as("the merged view and the purchase, and the lists shown")
        .startsWith("2 events and ").endsWith(" lists shown about walker");
    // The page cannot read anybody else: another user's export is refused for walker's token.
    Object refused = d.executeAsyncScript("""
        const done = arguments[0];
        window.kindred.request('GET', window.kindred.ingestUrl + '/v1/users/someone-else/export', undefined, {asUser: true})
          .then((r) => done(r.status), (e) => done(String(e)));""");
    assertThat(refused).isEqualTo(403L);
    d.findElement(By.id("erase")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "erased"));
    assertThat(d.findElement(By.id("mydata")).getText()).isEqualTo("erasure PENDING");
    DemoCatalogue.eventually(Duration.ofSeconds(60), () -> !DemoCatalogue.hasProfile(server, "walker"));
    assertThat(d.executeScript("return window.kindred.view('camp-2')")).isEqualTo(false);
  }

  @Test
  void aLoggedInUsersLastEventsLeaveWithABeaconAndTheConsentSwitchHolds() {
    var d = browser.driver;
    // A long flush interval: the view is still queued when the page goes away.
    d.get(shop("beacon-user", "coffee-0", null, 600_000));
    new WebDriverWait(d, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("status"), "ready"));
    assertThat(d.executeScript("return window.kindred.stats().waiting")).isEqualTo(1L);
    DemoCatalogue.eventually(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(
        d.executeScript("return window.kindred.token !== null")));
    d.get("about:blank");
    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(server, "beacon-user"));
    assertThat(server.profile("beacon-user").interests().get(0).supportingEvents())
        .anyMatch(e -> "coffee-0".equals(e.itemId()));

    d.get(shop("beacon-user", "coffee-1", null, 200));
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.textToBe(By.id("status"), "ready"));
    d.findElement(By.id("privacy")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "tracking off"));
    assertThat(d.executeScript("return window.kindred.view('camp-2')")).isEqualTo(false);
    assertThat(d.executeAsyncScript("window.showRecommendations().then(arguments[0])")).isEqualTo(false);
    assertThat(d.findElement(By.id("note")).getText()).contains("consent");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
