package dev.kindred.web;

import dev.kindred.tenancy.FieldError;
import java.util.List;

/** Thrown anywhere in a request to answer with an RFC 9457 problem document. */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;

  public ProblemException(int status, String title, String detail, List<FieldError> errors, Long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ProblemException badRequest(String detail, List<FieldError> errors) {
    return new ProblemException(400, "Invalid request", detail, errors, null);
  }

  public static ProblemException field(String field, String detail) {
    return badRequest(field + ": " + detail, List.of(FieldError.of(field, detail)));
  }

  public static ProblemException unauthorized(String detail) {
    return new ProblemException(401, "Unauthorized", detail, null, null);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "Forbidden", detail, null, null);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail, null, null);
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "Conflict", detail, null, null);
  }

  public static ProblemException tooLarge(String detail) {
    return new ProblemException(413, "Payload too large", detail, null, null);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
