package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/** The Users view: look an end-user up, read their interests and explained recommendations. */
final class ConsoleUsersPage extends ConsolePage {

  ConsoleUsersPage(ChromeDriver driver) {
    super(driver);
  }

  /** From anywhere in the console: the menu entry, the id, Enter. */
  ConsoleUsersPage lookUp(String userId) {
    visible(By.cssSelector("vaadin-side-nav-item[path='users']")).click();
    visible(By.cssSelector("#user-id input")).sendKeys(userId, Keys.ENTER);
    visible(By.id("recommendations"));
    return this;
  }

  String interests() {
    return gridText("interests");
  }

  boolean hasTimeline() {
    return !driver.findElements(By.id("timeline")).isEmpty();
  }

  String consent() {
    return visible(By.id("consent-state")).getText();
  }

  String timeline() {
    return gridText("timeline");
  }

  /** Adds hypothetical purchases (the panel's default type) in the what-if panel, runs it, returns the summary. */
  String whatIfPurchases(String... itemIds) {
    for (String item : itemIds) {
      type("what-if-item", item);
      click("what-if-add");
      wait.until(d -> d.findElement(By.id("what-if-hypothesis")).getText().contains(item));
    }
    click("what-if-run");
    String summary = visible(By.id("what-if-summary")).getText();
    driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", visible(By.id("what-if")));
    return summary;
  }

  String whatIfAfter() {
    return gridText("what-if-after");
  }

  String recommendations() {
    return gridText("recommendations");
  }
}
