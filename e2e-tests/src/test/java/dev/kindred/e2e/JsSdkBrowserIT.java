package dev.kindred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindred.sdk.KindredClient;
import dev.kindred.sdk.KindredConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser SDK in real Chromium, on a demo shop page of its own origin, against the real
 * services: a view and a purchase tracked, the worker's profile, recommendations rendered with
 * their reasons, the page-hide beacon, and the consent switch.
 */
class JsSdkBrowserIT {

  private static Stack stack;
  private static Stack.Tenant tenant;
  private static KindredClient java;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.get();
    tenant = stack.onboard("js");
    java = new KindredClient(KindredConfig.builder().ingestUrl(stack.url("ingest")).recommendUrl(stack.url("recommend"))
        .ingestKey(tenant.ingestKey()).serveKey(tenant.serveKey()).build());
    DemoCatalogue.load(java);
    browser = new Browser(Path.of(System.getProperty("kindred.root", "..")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (java != null) {
      java.close();
    }
  }

  private String shop(String user, String item, String buy, int flushMs) {
    return browser.origin + "/shop.html?ingest=" + enc(stack.url("ingest")) + "&recommend=" + enc(stack.url("recommend"))
        + "&ingestKey=" + enc(tenant.ingestKey()) + "&serveKey=" + enc(tenant.serveKey()) + "&user=" + enc(user)
        + "&item=" + enc(item) + (buy == null ? "" : "&buy=" + enc(buy)) + "&flush=" + flushMs;
  }

  @Test
  void aShopperIsTrackedAndSeesRecommendationsWithTheirReasonsThenTurnsTrackingOff() {
    var d = browser.driver;
    d.get(shop("walker", "camp-0", "camp-1", 200));
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.textToBe(By.id("status"), "ready"));
    d.findElement(By.id("buy")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "bought"));

    // The worker builds walker's profile from the page's events; then the page shows a personal feed.
    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> Boolean.TRUE.equals(
        d.executeAsyncScript("window.showRecommendations().then(arguments[0], () => arguments[0](false))")));
    List<WebElement> recs = d.findElements(By.cssSelector("#recs li"));
    assertThat(recs).isNotEmpty();
    for (WebElement li : recs) {
      assertThat(li.findElement(By.className("why")).getText()).isNotBlank();
      assertThat(li.getAttribute("data-item")).isNotIn("camp-0", "camp-1");   // viewed and bought: consumed
    }
    assertThat(recs.get(0).getAttribute("data-item")).startsWith("camp-");
    Object stats = d.executeScript("return window.kindred.stats()");
    assertThat(stats.toString()).contains("accepted=2");

    d.findElement(By.id("privacy")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "tracking off"));
    assertThat(d.executeScript("return window.kindred.view('camp-2')")).isEqualTo(false);
    assertThat(d.executeAsyncScript("window.showRecommendations().then(arguments[0])")).isEqualTo(false);
    assertThat(d.findElement(By.id("note")).getText()).contains("consent");
  }

  @Test
  void theLastEventsLeaveWithABeaconWhenThePageIsLeft() {
    var d = browser.driver;
    // A long flush interval: the view is still queued when the page goes away.
    d.get(shop("beacon-user", "coffee-0", null, 600_000));
    new WebDriverWait(d, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("status"), "ready"));
    assertThat(d.executeScript("return window.kindred.stats().waiting")).isEqualTo(1L);
    d.get("about:blank");
    DemoCatalogue.eventually(Duration.ofSeconds(120), () -> DemoCatalogue.hasProfile(java, "beacon-user"));
    assertThat(java.profile("beacon-user").interests().get(0).supportingEvents())
        .anyMatch(e -> "coffee-0".equals(e.itemId()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
