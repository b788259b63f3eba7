package dev.kindred.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.kindred.eventstore.log.LogRecord;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.web.EventLogs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/events with kindred.eventlog=kafka against bin/kindred test's broker: the answer comes
 * after the broker acknowledged, the events are on the topic (the events table is the worker's
 * archive, and no worker runs here), duplicates and bad entries are answered as on PostgreSQL.
 */
@QuarkusTest
@TestProfile(EventApiOnKafkaTest.OnKafka.class)
class EventApiOnKafkaTest {

  public static class OnKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("kindred.eventlog", "kafka", "kindred.kafka.topic",
          "kindred.ingest-test-" + UUID.randomUUID().toString().substring(0, 8), "kindred.kafka.partitions", "2");
    }
  }

  @Inject Pool pool;
  @Inject EventLogs logs;

  @Test
  void acceptedEventsAreOnTheTopicBeforeTheAnswerAndRepeatsAndBadEntriesAreNot() {
    TestTenants.T tenant = TestTenants.create(pool);
    Map<String, Object> view = EventApiTest.view("kafka-u1", "known-1");
    Map<String, Object> broken = Map.of("userId", "kafka-u1", "itemId", "known-1");
    given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(ContentType.JSON)
        .body(Map.of("events", List.of(view, broken))).post("/v1/events").then().statusCode(207)
        .body("accepted", equalTo(1)).body("rejected", equalTo(1)).body("results[0].status", equalTo("accepted"));
    // Read at once after the answer: the record is there (acks=all came before the 2xx).
    List<LogRecord> mine = records(tenant.id());
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).eventId()).isEqualTo(UUID.fromString((String) view.get("eventId")));
    assertThat(mine.get(0).type()).isEqualTo("ItemViewed");
    assertThat(mine.get(0).streamKey()).isNotEqualTo("kafka-u1");
    // Not written to the table by ingest: the archive is the worker's consumer group.
    long inTable = TenantTx.run(pool, tenant.id(), c -> c.query("SELECT count(*) FROM events WHERE stream_key NOT LIKE '\\_%'")
        .execute()).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    assertThat(inTable).isZero();

    // The same event again (an SDK retry): a duplicate, nothing published twice.
    given().header("Authorization", "Bearer " + tenant.ingestKey()).contentType(ContentType.JSON)
        .body(Map.of("events", List.of(view))).post("/v1/events").then().statusCode(200)
        .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    assertThat(records(tenant.id())).hasSize(1);
  }

  private List<LogRecord> records(UUID tenant) {
    var kafka = logs.kafka().orElseThrow();
    List<LogRecord> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      List<TopicPartition> parts = c.partitionsFor(kafka.topic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 20_000;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key().startsWith(tenant + "/")) {
            out.add(LogRecord.decode(r.value()));
          }
        }
      }
    }
    return out;
  }
}
