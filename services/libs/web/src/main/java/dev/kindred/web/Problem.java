package dev.kindred.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kindred.tenancy.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The RFC 9457 problem document every error response carries, with the invalid fields listed. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
    List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The document for a failure; used directly by routes that are not REST resources. */
  public static Problem of(ProblemException e, String path) {
    return new Problem("https://kindred.dev/problems/" + slug(e.title()), e.title(), e.status(),
        e.getMessage(), path, e.errors());
  }

  public static Response response(ProblemException e, String path) {
    Response.ResponseBuilder b = Response.status(e.status()).type(MEDIA_TYPE).entity(of(e, path));
    if (e.retryAfterSeconds() != null) {
      b.header("Retry-After", e.retryAfterSeconds());
    }
    return b.build();
  }

  private static String slug(String title) {
    return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }
}
