package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A refusal or failure of the control API, with the problem's own words (never a stack trace). */
public class ControlException extends RuntimeException {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final int status;

  public ControlException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ControlException of(int status, String body) {
    String detail = "HTTP " + status;
    try {
      JsonNode p = JSON.readTree(body);
      detail = p.path("detail").asText(p.path("title").asText(detail));
      JsonNode errors = p.path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        detail += ": " + errors.get(0).path("field").asText() + " " + errors.get(0).path("detail").asText();
      }
    } catch (Exception notJson) {
      // keep the status line
    }
    return new ControlException(status, detail);
  }

  public int status() {
    return status;
  }
}
