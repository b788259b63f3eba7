package dev.kindred.inference.kserve;

import dev.kindred.inference.InferenceException;

/** A message that does not follow the KServe v2 protocol (malformed JSON, sizes, shapes). */
public class KServeProtocolException extends InferenceException {

  public KServeProtocolException(String message) {
    super(message, false);
  }

  public KServeProtocolException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
