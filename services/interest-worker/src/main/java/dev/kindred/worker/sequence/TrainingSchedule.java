package dev.kindred.worker.sequence;

import dev.kindred.worker.config.WorkerConfig;
import dev.kindred.worker.jobs.JobSchedule;
import dev.kindred.worker.ranking.RankerTraining;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * The platform retrains every tenant's models on its own: every
 * {@code kindred.worker.training-interval-minutes} (the first time one interval after start-up) each tenant gets a {@code train-sequence} and a
 * {@code train-ranker} job (unless one is still waiting or running). A tenant with too little data
 * gets a job that says so and trains nothing; a model that validates worse is stored, not served.
 */
@ApplicationScoped
public class TrainingSchedule {

  static final List<String> KINDS = List.of(SequenceTraining.KIND, RankerTraining.KIND);
  private final Pool pool;
  private final WorkerConfig config;
  private Thread scheduler;

  public TrainingSchedule(Pool pool, WorkerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    long minutes = config.trainingIntervalMinutes();
    if (minutes > 0) {
      // Not at start-up: a restart must not set every tenant training at once.
      scheduler = JobSchedule.start("training-schedule", pool, Duration.ofMinutes(minutes), KINDS, true);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.interrupt();
    }
  }
}
