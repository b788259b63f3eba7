package dev.kindred.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every console page object shares: waiting for Vaadin, fields by id, notifications, screenshots. */
abstract class ConsolePage {

  static final Path SCREENSHOTS = Path.of("target/screenshots");
  final ChromeDriver driver;
  final WebDriverWait wait;

  ConsolePage(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Types into the input inside a Vaadin field (its input lives in the light DOM). */
  void type(String fieldId, String value) {
    WebElement input = visible(By.cssSelector("#" + fieldId + " input"));
    input.clear();
    input.sendKeys(value);
    input.sendKeys(org.openqa.selenium.Keys.TAB);
  }

  /** Clicks a control by id after scrolling it to the middle of the page (notifications sit at the bottom). */
  void click(String id) {
    WebElement e = visible(By.id(id));
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    wait.until(ExpectedConditions.elementToBeClickable(e)).click();
  }

  /** The text of the newest notification shown. */
  String notification() {
    return wait.until(d -> {
      var cards = d.findElements(By.tagName("vaadin-notification-card"));
      return cards.isEmpty() ? null : cards.get(cards.size() - 1).getText();
    });
  }

  /** Every cell text of a Vaadin grid, in DOM order. */
  String gridText(String gridId) {
    visible(By.id(gridId));
    StringBuilder sb = new StringBuilder();
    for (WebElement cell : driver.findElements(By.cssSelector("#" + gridId + " vaadin-grid-cell-content"))) {
      sb.append(cell.getText()).append(" | ");
    }
    return sb.toString();
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
