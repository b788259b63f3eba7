package dev.kindred.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Keycloak's own login page, reached by the console's redirect (OIDC code flow). */
final class KeycloakLoginPage extends ConsolePage {

  KeycloakLoginPage(ChromeDriver driver) {
    super(driver);
  }

  /** Opens the console, logs in on Keycloak's page and waits until the console shows the user. */
  ConsoleOverviewPage logIn(String consoleUrl, String username, String password) {
    driver.get(consoleUrl);
    visible(By.id("username")).sendKeys(username);
    // A realm with organizations asks for the username first (identity-first), then the password.
    if (driver.findElements(By.id("password")).isEmpty()) {
      driver.findElement(By.id("kc-login")).click();
    }
    visible(By.id("password")).sendKeys(password);
    screenshot("00-keycloak-login");
    driver.findElement(By.id("kc-login")).click();
    return new ConsoleOverviewPage(driver).await();
  }
}
