package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The settings form. */
final class ConsoleSettingsPage extends ConsolePage {

  ConsoleSettingsPage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/settings");
    visible(By.id("diversity-lambda"));
  }

  String diversity() {
    return visible(By.cssSelector("#diversity-lambda input")).getDomProperty("value");
  }

  /** Sets diversity λ, saves, and returns the notification the console showed. */
  String saveDiversity(String value) {
    type("diversity-lambda", value);
    click("save-settings");
    return notification();
  }

  /** Adds a taxonomy category and sets an event weight, then saves; returns the notification. */
  String saveTaxonomyAndWeight(String category, String description, String eventType, String weight) {
    type("taxonomy-name", category);
    type("taxonomy-description", description);
    click("taxonomy-add");
    wait.until(d -> gridText("taxonomy").contains(category));
    type("weight-" + eventType, weight);
    click("save-settings");
    return notification();
  }

  boolean saveEnabled() {
    return visible(By.id("save-settings")).getDomAttribute("disabled") == null;
  }
}
