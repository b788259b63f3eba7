package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The console's overview: tenant name, settings summary, SDK snippet. */
final class ConsoleOverviewPage extends ConsolePage {

  ConsoleOverviewPage(ChromeDriver driver) {
    super(driver);
  }

  ConsoleOverviewPage await() {
    visible(By.id("user-name"));
    return this;
  }

  String tenantName() {
    return visible(By.id("tenant-name")).getText();
  }

  String settingsSummary() {
    return visible(By.id("settings-summary")).getText();
  }

  String menu() {
    return visible(By.tagName("vaadin-side-nav")).getText();
  }
}
