package dev.kindred.worker.jobs;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.jboss.logging.Logger;

/**
 * A daemon thread that runs one round of work, sleeps, and runs again until interrupted: the
 * worker's background upkeep (partitions, lag). A failing round is logged and the next one comes
 * after the usual pause; the pause may depend on how long the round took.
 */
public final class Periodic {

  private Periodic() {
  }

  /**
   * Starts {@code round} on a thread named {@code name}; after each round it sleeps
   * {@code pauseMs.applyAsLong(milliseconds the round took)}.
   */
  public static Thread start(String name, Logger log, Runnable round, LongUnaryOperator pauseMs) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        long started = System.nanoTime();
        try {
          round.run();
        } catch (RuntimeException e) {
          log.warnf("%s: this round failed, the next one comes as usual: %s", name, e.getMessage());
        }
        try {
          Thread.sleep(pauseMs.applyAsLong((System.nanoTime() - started) / 1_000_000L));
        } catch (InterruptedException e) {
          return;
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A fixed pause between rounds. */
  public static Thread every(String name, Logger log, Duration pause, Runnable round) {
    return start(name, log, round, took -> pause.toMillis());
  }
}
