package dev.kindred.e2e;

import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The onboarding wizard: create a tenant, its keys shown once, catalogue upload with progress, a test event. */
final class ConsoleOnboardingPage extends ConsolePage {

  ConsoleOnboardingPage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/onboarding");
    visible(By.id("catalogue-upload"));
  }

  /** Creates the tenant; returns the once-only text with the admin login and both keys. */
  String createTenant(String name, String slug) {
    type("new-tenant-name", name);
    type("new-tenant-slug", slug);
    type("new-tenant-email", slug + "@e2e.kindred.local");
    click("create-tenant");
    return visible(By.id("onboarding-keys")).getText();
  }

  String snippet() {
    return visible(By.id("sdk-snippet")).getText();
  }

  /** Hands a file to the upload's file input (it lives in the component's light DOM or shadow root). */
  void upload(Path file) {
    WebElement host = visible(By.id("catalogue-upload"));
    var inputs = host.findElements(By.cssSelector("input[type=file]"));
    WebElement input = inputs.isEmpty() ? host.getShadowRoot().findElement(By.cssSelector("input[type=file]")) : inputs.get(0);
    input.sendKeys(file.toAbsolutePath().toString());
  }

  /** Waits until the import job is no longer running; returns its status line. */
  String awaitImport() {
    return new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> {
      String s = d.findElement(By.id("import-status")).getText();
      return s.startsWith("COMPLETED") || s.startsWith("FAILED") || s.startsWith("Not imported") ? s : null;
    });
  }

  String importErrors() {
    return gridText("import-errors");
  }

  /** Sends the test event and waits for the worker to have applied it; returns what the page says. */
  String sendTestEventAndAwaitArrival() {
    click("send-test-event");
    return new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> {
      WebElement line = d.findElement(By.id("test-event-arrived"));
      String s = line.getText();
      if (!s.isBlank()) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", line);
      }
      return s.isBlank() ? null : s;
    });
  }

  String testEventSent() {
    return visible(By.id("test-event-sent")).getText();
  }
}
