package dev.kindred.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain HTTP calls of the black-box tests: status and body, nothing hidden. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  record Answer(int status, String body) {
  }

  private Http() {
  }

  static Answer call(String method, String url, String bearer, String contentType, String body) {
    return call(method, url, bearer, Map.of(), contentType, body);
  }

  /** The same with more headers (a page's user token beside its publishable key). */
  static Answer call(String method, String url, String bearer, Map<String, String> headers, String contentType,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      b.header("Content-Type", contentType == null ? "application/json" : contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r;
      try {
        r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException stale) {
        // A server closes a kept-alive connection after refusing an oversized request line (414);
        // the client may pick that connection for the next request. Any client retries that once.
        r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      }
      return new Answer(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + (url.length() > 200 ? url.substring(0, 200) + "…" : url), e);
    }
  }

  /** A password-grant token with the organization claim (as the console gets). */
  static String token(String keycloak, String username, String password) {
    String form = form(Map.of("grant_type", "password", "client_id", "kindred-cli", "username", username,
        "password", password, "scope", "openid organization"));
    Answer a = call("POST", keycloak + "/realms/kindred/protocol/openid-connect/token", null,
        "application/x-www-form-urlencoded", form);
    if (a.status() != 200) {
      throw new IllegalStateException("no token for " + username + ": " + a.body());
    }
    try {
      return JSON.readTree(a.body()).get("access_token").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
