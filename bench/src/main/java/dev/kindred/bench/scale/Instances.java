package dev.kindred.bench.scale;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packaged service instances ({@code quarkus-run.jar}) started as separate JVMs, as production runs
 * them: each with its own port and environment (the database, key and Keycloak settings are
 * inherited from bin/kindred), stopped together.
 */
final class Instances implements AutoCloseable {

  private final List<Process> running = new ArrayList<>();
  private final List<String> urls = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts {@code count} instances of the jar on ports from {@code firstPort}; returns when all are ready. */
  static Instances start(Path jar, int count, int firstPort, Map<String, String> env, Path logs) throws Exception {
    Instances out = new Instances();
    for (int i = 0; i < count; i++) {
      int port = firstPort + i;
      ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "--add-modules", "jdk.incubator.vector",
          "-Dquarkus.http.port=" + port, "-jar", jar.toString());
      pb.environment().putAll(env);
      File log = logs.resolve(jar.getParent().getParent().getParent().getFileName() + "-" + port + ".log").toFile();
      pb.redirectErrorStream(true).redirectOutput(log);
      out.running.add(pb.start());
      out.urls.add("http://127.0.0.1:" + port);
    }
    for (String url : out.urls) {
      out.awaitReady(url, Duration.ofSeconds(180));
    }
    return out;
  }

  List<String> urls() {
    return urls;
  }

  private void awaitReady(String url, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      for (Process p : running) {
        if (!p.isAlive()) {
          throw new IllegalStateException("an instance exited during start-up (exit " + p.exitValue() + "); see its log");
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " did not become ready");
  }

  @Override
  public void close() {
    running.forEach(Process::destroy);
    for (Process p : running) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
