package dev.kindred.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects declared bodies over the JSON limit with a problem document before they are read.
 * (The HTTP layer's own, higher limit still guards chunked bodies of unknown length.)
 */
public class BodyLimitFilter {
  private final long maxBytes;

  public BodyLimitFilter(@ConfigProperty(name = "kindred.http.max-json-bytes", defaultValue = "5242880") long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @ServerRequestFilter(preMatching = true)
  public Response limit(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBytes) {
          return Problem.response(ProblemException.tooLarge(
              "the body is larger than " + maxBytes + " bytes; use the NDJSON import for bulk data"), request.path());
        }
      } catch (NumberFormatException e) {
        return Problem.response(ProblemException.badRequest("Content-Length is not a number", null), request.path());
      }
    }
    return null;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
