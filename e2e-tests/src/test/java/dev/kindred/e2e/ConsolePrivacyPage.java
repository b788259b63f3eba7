package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The privacy center: erasure form, requests and audit grids. */
final class ConsolePrivacyPage extends ConsolePage {

  ConsolePrivacyPage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/privacy");
    visible(By.id("requests"));
  }

  String erase(String userId) {
    type("erase-user", userId);
    click("erase");
    return notification();
  }

  /** Refreshes until the requests grid shows the text, or fails after the wait. */
  void awaitRequest(String text) {
    wait.until(d -> {
      click("refresh");
      return gridText("requests").contains(text);
    });
  }

  String requests() {
    return gridText("requests");
  }

  String audit() {
    return gridText("audit");
  }
}
