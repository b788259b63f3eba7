package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** API keys: issue (the secret shown once in a dialog) and the list. */
final class ConsoleKeysPage extends ConsolePage {

  ConsoleKeysPage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/keys");
    visible(By.id("keys"));
  }

  /** Issues an ingest key with this label; returns the secret the dialog shows. */
  String issue(String label) {
    type("key-label", label);
    click("issue-key");
    return visible(By.id("new-key")).getText();
  }

  /** Rotates the key with this id; returns the new secret the dialog shows. */
  String rotate(String keyId) {
    click("rotate-" + keyId);
    return visible(By.id("new-key")).getText();
  }

  void close() {
    click("close-key");
  }

  String keys() {
    return gridText("keys");
  }
}
