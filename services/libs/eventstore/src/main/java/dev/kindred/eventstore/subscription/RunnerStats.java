package dev.kindred.eventstore.subscription;

import java.time.Duration;
import org.jboss.logging.Logger;

/** Where a subscription spends its time (read, prepare, apply), logged now and then for operators. */
final class RunnerStats {

  private long batches;
  private long events;
  private long readNanos;
  private long prepareNanos;
  private long applyNanos;
  private long lastLog = System.nanoTime();

  void record(int n, long read, long prepare, long apply) {
    batches++;
    events += n;
    readNanos += read;
    prepareNanos += prepare;
    applyNanos += apply;
  }

  void logEvery(Duration period, String name, Logger log) {
    long now = System.nanoTime();
    if (now - lastLog < period.toNanos() || batches == 0) {
      return;
    }
    log.infof("subscription %s: %d events in %d batches; per batch read %.1f ms, prepare %.1f ms, apply %.1f ms",
        name, events, batches, readNanos / 1e6 / batches, prepareNanos / 1e6 / batches, applyNanos / 1e6 / batches);
    batches = events = readNanos = prepareNanos = applyNanos = 0;
    lastLog = now;
  }
}
