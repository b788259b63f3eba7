package dev.kindred.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** JSON over {@link HttpClient} with Kindred's API-key auth; an error answer becomes a {@link KindredException}. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String USER_AGENT = "kindred-sdk-java/0.1";
  private final HttpClient client;
  private final Duration timeout;

  Http(Duration timeout) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
  }

  /** An answer with a 2xx status (including 207, whose body says which entries failed). */
  record Answer(int status, JsonNode body) {
  }

  Answer send(String method, URI uri, String key, Object body) {
    if (key == null) {
      throw new IllegalStateException("no API key configured for " + uri.getPath()
          + " (KindredConfig.ingestKey for tracking, serveKey for recommendations)");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Authorization", "Bearer " + key).header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
    try {
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = r.body().length == 0 ? JSON.nullNode() : parse(r.body());
      if (r.statusCode() / 100 != 2) {
        throw problem(r.statusCode(), json, r.headers().firstValue("Retry-After").orElse(null));
      }
      return new Answer(r.statusCode(), json);
    } catch (IOException e) {
      throw new KindredException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KindredException(method + " " + uri + " interrupted", e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  static KindredException problem(int status, JsonNode body, String retryAfter) {
    List<KindredException.FieldError> errors = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      errors.add(fieldError(e));
    }
    String title = body.path("title").asText(body.isTextual() ? "HTTP " + status : "");
    return new KindredException(status, title.isEmpty() ? "HTTP " + status : title,
        body.hasNonNull("detail") ? body.get("detail").asText() : null, errors, retryAfterSeconds(retryAfter));
  }

  static KindredException.FieldError fieldError(JsonNode e) {
    return new KindredException.FieldError(e.path("field").asText(), e.path("detail").asText(),
        e.hasNonNull("index") ? e.get("index").asInt() : null);
  }

  /** {@code Retry-After} as seconds (delta-seconds or an HTTP date); -1 when absent or unreadable. */
  static long retryAfterSeconds(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(header.strip()));
    } catch (NumberFormatException notSeconds) {
      try {
        java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(header.strip(),
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(java.time.Instant.now(), at.toInstant()).toSeconds());
      } catch (java.time.format.DateTimeParseException e) {
        return -1;
      }
    }
  }
}
