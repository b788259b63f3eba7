package dev.kindred.worker.config;

import io.smallrye.config.ConfigMapping;

/** The kindred.worker.* keys (README's configuration table). */
@ConfigMapping(prefix = "kindred.worker")
public interface WorkerConfig {

  /** HTTP port of the worker (health and readiness only). */
  int port();

  /** Partitions of the interest-profile subscription (each has its own lease). */
  int partitions();

  /** Events read per subscription batch. */
  int batchSize();

  /** Safety-net poll when no notification arrives, in milliseconds. */
  long pollMs();

  /** How often idle workers look for queued jobs, in milliseconds. */
  long jobPollMs();

  /** How often every tenant gets a retention job (0: never; bin/kindred purge still queues one). */
  long retentionIntervalMinutes();

  /** How often the event log's partitions are kept ahead, rows in the default one moved, expired ones dropped (0: never). */
  @io.smallrye.config.WithDefault("360")
  long partitionIntervalMinutes();

  /** How often every subscription's lag is measured (gauges, tenant_lag for ingest's gate), in milliseconds (0: never). */
  @io.smallrye.config.WithDefault("5000")
  long lagIntervalMs();

  /** How many months ahead of the current one the event log's partitions exist. */
  @io.smallrye.config.WithDefault("3")
  int partitionMonthsAhead();

  /**
   * Threads a model-training job may keep busy (train-sequence), at the lowest priority: the
   * projections and the services on the same machine keep the other cores.
   */
  @io.smallrye.config.WithDefault("1")
  int trainingThreads();

  /** How often every tenant gets a train-sequence and a train-ranker job (0: never; bin/kindred still queues them). */
  @io.smallrye.config.WithDefault("1440")
  long trainingIntervalMinutes();
}
