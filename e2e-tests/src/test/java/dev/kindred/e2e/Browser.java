package dev.kindred.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver (installed by {@code bin/kindred test}),
 * and a static file server for the pages it opens: the browser SDK's module and its demo shop,
 * on an origin of their own so that every API call is a real cross-origin request. The same server
 * plays the shop's backend at {@code /token?user=ID}: it signs the user's short-lived token with the
 * tenant's user-token secret ({@link #signTokensWith}), which never reaches the page.
 */
final class Browser implements AutoCloseable {

  final ChromeDriver driver;
  final String origin;
  private final HttpServer files;
  private volatile String tokenSecret;

  Browser(Path root) throws IOException {
    Map<String, Path> served = Map.of(
        "/kindred.js", root.resolve("sdk/js/src/kindred.js"),
        "/shop.html", root.resolve("sdk/js/demo/shop.html"));
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext("/token", ex -> {
      String query = ex.getRequestURI().getRawQuery();
      String user = query == null || !query.startsWith("user=") ? null
          : java.net.URLDecoder.decode(query.substring(5), java.nio.charset.StandardCharsets.UTF_8);
      byte[] body = user == null || tokenSecret == null ? new byte[0]
          : new dev.kindred.sdk.UserTokens(tokenSecret).sign(user, java.time.Duration.ofMinutes(10))
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ex.getResponseHeaders().add("Content-Type", "text/plain");
      ex.sendResponseHeaders(body.length == 0 ? 403 : 200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    files.createContext("/", ex -> {
      Path file = served.get(ex.getRequestURI().getPath());
      if (file == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        byte[] body = Files.readAllBytes(file);
        ex.getResponseHeaders().add("Content-Type", file.toString().endsWith(".js")
            ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    files.start();
    origin = "http://127.0.0.1:" + files.getAddress().getPort();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File("/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("kindred-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  /** The shop's backend signs its users' tokens with this secret from now on. */
  void signTokensWith(String secret) {
    this.tokenSecret = secret;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      files.stop(0);
    }
  }
}
