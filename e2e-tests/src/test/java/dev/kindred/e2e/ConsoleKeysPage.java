package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** API keys: issue (the secret shown once in a dialog), rotate and revoke (each confirmed first), the list. */
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

  /**
   * Rotates the key with this id, keeping the old one for the default window (24 hours); returns what
   * the confirmation said would happen and the new secret the dialog shows.
   */
  String[] rotate(String keyId) {
    click("rotate-" + keyId);
    String consequence = visible(By.id("consequence-rotate")).getText();
    click("confirm-rotate");
    return new String[] {consequence, visible(By.id("new-key")).getText(), visible(By.id("old-key-until")).getText()};
  }

  /** Asks to revoke, then cancels: nothing happens. */
  void revokeButCancel(String keyId) {
    click("revoke-" + keyId);
    visible(By.id("consequence-revoke"));
    click("cancel-revoke");
  }

  /** Revokes after confirming; returns what the confirmation said would happen. */
  String revoke(String keyId) {
    click("revoke-" + keyId);
    String consequence = visible(By.id("consequence-revoke")).getText();
    click("confirm-revoke");
    return consequence;
  }

  void close() {
    click("close-key");
  }

  String keys() {
    return gridText("keys");
  }
}
