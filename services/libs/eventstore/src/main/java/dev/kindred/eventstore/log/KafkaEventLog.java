package dev.kindred.eventstore.log;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producing side of the Kafka event log: {@code acks=all} with the idempotent producer, so a
 * record the broker acknowledged is on every in-sync replica and a producer retry never writes it
 * twice. {@link #publish} completes only when every record of the batch is acknowledged; callers
 * answer their client after that.
 */
public final class KafkaEventLog implements AutoCloseable {

  private final KafkaLogConfig config;
  private final KafkaProducer<String, byte[]> producer;

  public KafkaEventLog(KafkaLogConfig config) {
    this.config = config;
    ensureTopic(config);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
  }

  public KafkaLogConfig config() {
    return config;
  }

  /** Sends the records in order (per key, order is kept) and completes when all are acknowledged. */
  public Uni<Void> publish(List<LogRecord> records) {
    if (records.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
    for (LogRecord r : records) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      producer.send(new ProducerRecord<>(config.topic(), r.key(), r.encode()), (meta, error) -> {
        if (error != null) {
          ack.completeExceptionally(new EventLogUnavailableException(error));
        } else {
          ack.complete(null);
        }
      });
      acks.add(ack);
    }
    return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
  }

  /** Creates the topic with the configured partitions if it does not exist (replication: the broker's default). */
  public static void ensureTopic(KafkaLogConfig config) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(config.topic())) {
        return;
      }
      admin.createTopics(List.of(new NewTopic(config.topic(), java.util.Optional.of(config.partitions()),
          java.util.Optional.empty()))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new EventLogUnavailableException(e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventLogUnavailableException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new EventLogUnavailableException(e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }

  /** The broker did not acknowledge: nothing of the batch counts as accepted (the caller's transaction rolls back). */
  public static final class EventLogUnavailableException extends RuntimeException {
    public EventLogUnavailableException(Throwable cause) {
      super("the event log (Kafka) did not acknowledge: " + cause.getMessage(), cause);
    }
  }
}
