package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The dashboard: the differential-privacy note, the SVG chart, the daily grid. */
final class ConsoleDashboardPage extends ConsolePage {

  ConsoleDashboardPage(ChromeDriver driver, String consoleUrl) {
    super(driver);
    driver.get(consoleUrl + "/dashboard");
    visible(By.id("daily"));
  }

  /** Whether the interest profiles keep up (the worker's lag measurement). */
  String freshness() {
    return visible(By.id("freshness")).getText();
  }

  String note() {
    return visible(By.id("dp-note")).getText();
  }

  boolean hasChart() {
    return !driver.findElements(By.cssSelector("svg#viewers-chart")).isEmpty();
  }

  /** The serving-quality table, newest bucket first. */
  String quality() {
    return gridText("quality-table");
  }

  String qualityNote() {
    return visible(By.id("quality-note")).getText();
  }

  int qualityCharts() {
    return driver.findElements(By.cssSelector("#quality svg[id^='q-']")).size();
  }

  String daily() {
    return gridText("daily");
  }
}
