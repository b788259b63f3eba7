package dev.kindred.e2e;

import dev.kindred.simulator.demo.ControlClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The four services as `bin/kindred up` runs them — separate JVMs from their packaged
 * {@code quarkus-app} jars — on free loopback ports, against the PostgreSQL and Keycloak that
 * {@code bin/kindred test} started (its {@code KINDRED_DB_PORT} and {@code KINDRED_KEYCLOAK_URL}).
 * Started once per test JVM, stopped when it exits; logs under {@code e2e-tests/target/e2e-logs}.
 */
final class Stack {

  private static final List<String> SERVICES = List.of("control", "ingest", "interest-worker", "recommend");
  static final int WORKER_PARTITIONS = 2;
  static final String CONSOLE = "web-console";
  private static Stack started;
  final Map<String, String> urls = new LinkedHashMap<>();
  final String keycloak;
  final ControlClient control;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, List<String>> commands = new LinkedHashMap<>();
  private final Map<String, Path> logFiles = new LinkedHashMap<>();

  /** A tenant onboarded for one test class, with its keys. */
  record Tenant(String id, String slug, String ingestKey, String serveKey, String adminUser, String adminPassword,
      String publishableKey, String userTokenSecret) {

    /** A token for {@code user} as the tenant's backend signs it (the Java SDK's signer). */
    String userToken(String user) {
      return new dev.kindred.sdk.UserTokens(userTokenSecret).sign(user, java.time.Duration.ofMinutes(10));
    }
  }

  static synchronized Stack get() {
    if (started == null) {
      started = new Stack();
    }
    return started;
  }

  private Stack() {
    String dbPort = System.getenv("KINDRED_DB_PORT");
    keycloak = System.getenv("KINDRED_KEYCLOAK_URL");
    if (dbPort == null || keycloak == null) {
      throw new IllegalStateException("e2e tests run inside `bin/kindred test` (KINDRED_DB_PORT and KINDRED_KEYCLOAK_URL unset)");
    }
    Path root = Path.of(System.getProperty("kindred.root", ".."));
    Path logs = root.resolve("e2e-tests/target/e2e-logs");
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    try {
      Files.createDirectories(logs);
      // control applies the migrations: first, alone; then the other three together.
      start(root, logs, "control");
      awaitReady("control");
      for (String s : SERVICES.subList(1, SERVICES.size())) {
        start(root, logs, s);
      }
      for (String s : SERVICES.subList(1, SERVICES.size())) {
        awaitReady(s);
      }
      // The console last: it is configured with where the services answer.
      start(root.resolve("web-console/target/quarkus-app/quarkus-run.jar"), logs, CONSOLE, List.of(
          "-Dkindred.console.control-url=" + urls.get("control"), "-Dkindred.console.ingest-url=" + urls.get("ingest"),
          "-Dkindred.console.recommend-url=" + urls.get("recommend")));
      awaitReady(CONSOLE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    control = new ControlClient(keycloak, urls.get("control"));
  }

  private void start(Path root, Path logs, String name) throws IOException {
    // The worker consumes the interest profiles in two partitions (by tenant and user), as a
    // scaled-out deployment does: every end-to-end test (erasure, freshness, the console) runs on
    // partitioned consumption.
    start(root.resolve("services/" + name + "/target/quarkus-app/quarkus-run.jar"), logs, name,
        "interest-worker".equals(name) ? List.of("-Dkindred.worker.partitions=" + WORKER_PARTITIONS) : List.of());
  }

  private void start(Path jar, Path logs, String name, List<String> properties) throws IOException {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the services are packaged before this module runs");
    }
    int port = freePort();
    urls.put(name, "http://127.0.0.1:" + port);
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "--add-modules", "jdk.incubator.vector",
        "-Dquarkus.http.port=" + port));
    command.addAll(properties);
    command.addAll(List.of("-jar", jar.toString()));
    commands.put(name, command);
    logFiles.put(name, logs.resolve(name + ".log"));
    launch(name, ProcessBuilder.Redirect.to(logs.resolve(name + ".log").toFile()));
  }

  private void launch(String name, ProcessBuilder.Redirect log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(commands.get(name));
    pb.redirectErrorStream(true).redirectOutput(log);
    processes.put(name, pb.start());
  }

  /** Kills the service as {@code kill -9} would (no shutdown hook, no flush), and waits until it is gone. */
  void killHard(String name) {
    Process p = processes.get(name);
    p.destroyForcibly();
    try {
      p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a killed service again on its port (its log continues), and waits until it is ready. */
  void restart(String name) {
    try {
      launch(name, ProcessBuilder.Redirect.appendTo(logFiles.get(name).toFile()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    awaitReady(name);
  }

  private void awaitReady(String name) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(urls.get(name) + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " did not become ready in 180 s; see e2e-tests/target/e2e-logs/" + name + ".log");
  }

  /** A fresh tenant (platform admin onboarding through control, as a real operator would). */
  Tenant onboard(String prefix) {
    String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      String password = "e2e-" + UUID.randomUUID();
      ControlClient.Keys k = control.onboard(control.token(), prefix + " e2e", slug, password);
      return new Tenant(k.tenantId(), slug, k.ingestKey(), k.serveKey(), slug + "-admin", password, k.publishableKey(),
          k.userTokenSecret());
    } catch (Exception e) {
      throw new IllegalStateException("onboarding failed", e);
    }
  }

  String url(String service) {
    return urls.get(service);
  }

  private void stop() {
    processes.values().forEach(Process::destroy);
    for (Process p : processes.values()) {
      try {
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
