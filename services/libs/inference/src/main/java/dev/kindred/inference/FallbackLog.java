package dev.kindred.inference;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** Logs a fallback to in-process inference: the first one, then at most one line a minute. */
final class FallbackLog {

  private FallbackLog() {
  }

  static void note(Logger log, String what, InferenceException e, long count, AtomicLong lastLogged) {
    long now = System.currentTimeMillis();
    long last = lastLogged.get();
    if (now - last >= 60_000 && lastLogged.compareAndSet(last, now)) {
      log.warnf("Triton %s failed (%s); running in-process instead (%d fallbacks so far)", what, e.getMessage(), count);
    }
  }
}
