package dev.kindred.web;

import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.log.KafkaEventLog;
import dev.kindred.eventstore.log.KafkaLogConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which event log the services write to ({@code kindred.eventlog}): {@code postgres} (the default:
 * the events table is the log) or {@code kafka} (end-users' events on the {@code kindred.kafka.topic},
 * the events table their archive). Every service that appends gets its {@link EventStore} here, so
 * the choice is made once per process.
 */
@ApplicationScoped
public class EventLogs {

  private final KafkaLogConfig kafka;
  private final io.vertx.mutiny.sqlclient.Pool pool;
  private volatile KafkaEventLog producer;

  public EventLogs(io.vertx.mutiny.sqlclient.Pool pool, @ConfigProperty(name = "kindred.eventlog", defaultValue = "postgres") String eventlog,
      @ConfigProperty(name = "kindred.kafka.bootstrap-servers") Optional<String> bootstrap,
      @ConfigProperty(name = "kindred.kafka.topic", defaultValue = "kindred.events") String topic,
      @ConfigProperty(name = "kindred.kafka.partitions", defaultValue = "8") int partitions) {
    this.pool = pool;
    this.kafka = switch (eventlog) {
      case "postgres" -> null;
      case "kafka" -> new KafkaLogConfig(bootstrap.orElse(""), topic, partitions);
      default -> throw new IllegalArgumentException("kindred.eventlog must be postgres or kafka, not " + eventlog);
    };
  }

  /** The Kafka log's settings when {@code kindred.eventlog=kafka}, else empty. */
  public Optional<KafkaLogConfig> kafka() {
    return Optional.ofNullable(kafka);
  }

  @Produces
  @Singleton
  EventStore eventStore() {
    if (kafka == null) {
      return new EventStore();
    }
    producer = new KafkaEventLog(kafka);
    return new EventStore(producer, pool);
  }

  void stop(@Observes ShutdownEvent event) {
    if (producer != null) {
      producer.close();
    }
  }
}
