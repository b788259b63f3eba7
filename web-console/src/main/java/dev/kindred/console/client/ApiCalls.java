package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP call to a Kindred service with the logged-in user's token (and, for ingest and
 * recommend, the tenant being looked at); a refusal becomes a {@link ControlException} carrying the
 * problem's own words.
 */
@ApplicationScoped
public class ApiCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static String trim(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  JsonNode call(String url, String token, String tenant, String method, Object body) {
    try {
      if (body == null) {
        return send(url, token, tenant, method, null, HttpRequest.BodyPublishers.noBody(), Duration.ofSeconds(15));
      }
      return send(url, token, tenant, method, "PATCH".equals(method) ? "application/merge-patch+json" : "application/json",
          HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), Duration.ofSeconds(15));
    } catch (IOException e) {
      throw new ControlException(500, "the request could not be written");
    }
  }

  /** POSTs a file as the body (streamed from disk, not held in memory). */
  JsonNode upload(String url, String token, String tenant, String contentType, java.nio.file.Path file) {
    try {
      return send(url, token, tenant, "POST", contentType, HttpRequest.BodyPublishers.ofFile(file), Duration.ofMinutes(10));
    } catch (java.io.FileNotFoundException e) {
      throw new ControlException(400, "the uploaded file is gone");
    }
  }

  private JsonNode send(String url, String token, String tenant, String method, String contentType,
      HttpRequest.BodyPublisher body, Duration timeout) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
          .header("Authorization", "Bearer " + token).header("Accept", "application/json");
      if (tenant != null) {
        b.header("X-Kindred-Tenant", tenant);
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, body);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw ControlException.of(r.statusCode(), r.body());
      }
      return r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new ControlException(503, "a Kindred service cannot be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlException(503, "interrupted");
    }
  }

}
