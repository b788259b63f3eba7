package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The catalogue: lazy grid, search, the similar-items dialog of a row. */
final class ConsoleCataloguePage extends ConsolePage {

  ConsoleCataloguePage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/catalogue");
    visible(By.id("catalogue"));
    wait.until(d -> rows().contains("camp-"));
  }

  String rows() {
    return gridText("catalogue");
  }

  void search(String text) {
    WebElement input = visible(By.cssSelector("#catalogue-search input"));
    input.sendKeys(text, Keys.ENTER);
    wait.until(d -> !rows().contains("camp-0"));
  }

  /** Clicks the row showing this text; returns the similar grid's text. */
  String openSimilar(String text) {
    wait.until(d -> d.findElements(By.cssSelector("#catalogue vaadin-grid-cell-content")).stream()
        .filter(c -> c.getText().contains(text)).findFirst().map(c -> {
          c.click();
          return true;
        }).orElse(false));
    visible(By.id("similar"));
    wait.until(d -> !gridText("similar").isBlank());
    return gridText("similar");
  }
}
