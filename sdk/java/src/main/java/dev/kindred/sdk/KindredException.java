package dev.kindred.sdk;

import java.util.List;

/**
 * A call Kindred answered with an error, carrying the RFC 9457 problem details: the HTTP status,
 * title, detail and, for validation errors, each wrong field (with its index in a batch). Status 0
 * means no answer came (network, timeout).
 */
public class KindredException extends RuntimeException {

  /** One wrong field: its name (e.g. {@code count}, {@code itemId}), what is wrong, and the batch index. */
  public record FieldError(String field, String detail, Integer index) {
  }

  private final int status;
  private final String title;
  private final String detail;
  private final List<FieldError> errors;
  private final long retryAfterSeconds;

  public KindredException(int status, String title, String detail, List<FieldError> errors, long retryAfterSeconds) {
    super(status + " " + title + (detail == null ? "" : ": " + detail)
        + (errors == null || errors.isEmpty() ? "" : " " + errors));
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public KindredException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.title = "no response";
    this.detail = message;
    this.errors = List.of();
    this.retryAfterSeconds = -1;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The server's {@code Retry-After} in seconds, or -1 when it gave none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Worth trying again: no answer, rate limited, or a server-side failure. */
  public boolean retryable() {
    return status == 0 || status == 429 || status >= 500;
  }
}
