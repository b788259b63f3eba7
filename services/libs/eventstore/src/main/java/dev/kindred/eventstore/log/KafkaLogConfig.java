package dev.kindred.eventstore.log;

/**
 * Where the Kafka event log is ({@code kindred.kafka.*}): bootstrap servers, the topic, and the
 * partition count used when the topic is created (the unit of parallelism for the worker's
 * consumer groups; one user's events always share a partition).
 */
public record KafkaLogConfig(String bootstrapServers, String topic, int partitions) {

  public KafkaLogConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kindred.kafka.bootstrap-servers must be set when kindred.eventlog=kafka");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("kindred.kafka.partitions must be at least 1");
    }
  }
}
