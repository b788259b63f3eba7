package dev.kindred.recommend.serving;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;

/**
 * When the current request arrived, so an impression can record how long serving it took (the
 * dashboard's latency percentiles come from the event log, across every recommend instance).
 * Started by {@link RequestTimingFilter} before anything else runs.
 */
@RequestScoped
public class RequestTiming {

  private long startedNanos = System.nanoTime();
  private final dev.kindred.tenancy.StatementTally tally = new dev.kindred.tenancy.StatementTally();

  void start() {
    startedNanos = System.nanoTime();
  }

  /** The statements this request's transactions sent (answered in {@link RequestTimingFilter#HEADER}). */
  public dev.kindred.tenancy.StatementTally tally() {
    return tally;
  }

  /** Milliseconds since the request arrived (two decimals). Call through the injected proxy, never read the field. */
  public double elapsedMs() {
    return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
  }

  /** The same, or null outside a request (the injected client proxy has fields of its own: only methods reach the request's instance). */
  public static Double elapsedMs(RequestTiming timing) {
    return Arc.container().requestContext().isActive() ? timing.elapsedMs() : null;
  }
}
