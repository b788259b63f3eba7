package dev.kindred.inference;

/** An inference call failed; {@link #retryable()} says whether trying again may help. */
public class InferenceException extends RuntimeException {

  private final boolean retryable;

  public InferenceException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public InferenceException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
