package dev.kindred.worker;

import static dev.kindred.worker.ItemEmbeddingProjectionTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.events.ConsentChanged;
import dev.kindred.events.EventEnvelope;
import dev.kindred.events.ItemPurchased;
import dev.kindred.events.ItemViewed;
import dev.kindred.events.KindredEvent;
import dev.kindred.eventstore.AppendResult;
import dev.kindred.eventstore.EventStore;
import dev.kindred.eventstore.log.KafkaEventLog;
import dev.kindred.eventstore.log.KafkaLogConfig;
import dev.kindred.eventstore.log.LogArchive;
import dev.kindred.eventstore.log.LogConsumer;
import dev.kindred.eventstore.log.LogHandler;
import dev.kindred.eventstore.log.LogOffsets;
import dev.kindred.eventstore.log.LogRecord;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.tenancy.testing.TestTenants;
import dev.kindred.web.EventLogs;
import dev.kindred.worker.interest.projection.InterestPartition;
import dev.kindred.worker.interest.projection.InterestProjector;
import dev.kindred.worker.subscription.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kindred.eventlog=kafka against the real broker bin/kindred test starts (Kafka 4.4, KRaft, loopback):
 * what the topic holds, the archive, and consumer-group rebalances while events flow.
 */
/*
 * Runs in its own surefire execution (a JVM of its own, see this module's pom) with
 * kindred.eventlog=kafka: the native tokenizer cannot be loaded twice in one JVM, which a Quarkus
 * test profile's restart would need.
 */
@QuarkusTest
class KafkaEventLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-20T18:00:00Z");

  @Inject Pool pool;
  @Inject EventStore store;
  @Inject EventLogs logs;
  @Inject Subscriptions subscriptions;
  @Inject InterestProjector projector;
  private UUID tenant;

  @BeforeEach
  void catalogue() {
    org.junit.jupiter.api.Assumptions.assumeTrue(store.onKafka(), "runs in the kafka-event-log surefire execution");
    tenant = TestTenants.create(pool).id();
    TestCatalogue.campingCoffeeGames(pool, tenant);
  }

  @Test
  void usersEventsTravelSealedOnTheTopicInOrderAndAreArchivedWithTheirSequenceNumbers() {
    assertThat(store.onKafka()).isTrue();
    List<EventEnvelope> batch = events("ada", T0, view("tent"), view("bag"), purchase("tent"));
    AppendResult first = append(batch);
    assertThat(first.storedCount()).isEqualTo(3);
    // The same ids again (a client retry): answered as duplicates, nothing published twice.
    AppendResult again = append(batch);
    assertThat(again.storedCount()).isZero();
    assertThat(again.duplicates()).isEqualTo(3);
    // Consent is written through to the events table at once (serving reads consent from there).
    AppendResult consent = append(events("ada", T0.plusSeconds(10), new ConsentChanged(true, true)));
    long consentSeq = consent.storedSeqByEventId().values().iterator().next();
    assertThat(seqsInTable(tenant)).contains(consentSeq);

    String pseudonym = TestEvents.pseudonym(pool, tenant, "ada");
    List<ConsumerRecord<String, byte[]>> onTopic = topic(tenant);
    assertThat(onTopic).hasSize(4);
    assertThat(onTopic).extracting(ConsumerRecord::partition).containsOnly(onTopic.get(0).partition());
    assertThat(onTopic).extracting(ConsumerRecord::key).containsOnly(tenant + "/" + pseudonym);
    List<LogRecord> records = onTopic.stream().map(r -> LogRecord.decode(r.value())).toList();
    assertThat(records).extracting(LogRecord::seq).isSorted().doesNotHaveDuplicates();
    // Sealed: neither the user id nor the item's text is readable on the topic.
    String raw = new String(onTopic.get(0).value(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain("ada").contains(pseudonym);
    assertThat(records.get(0).payload()).doesNotContain("tent");

    // The archive consumer group writes each record once, with the sequence number ingest gave it.
    Set<Long> expected = new HashSet<>(first.storedSeqByEventId().values());
    expected.add(consentSeq);
    awaitTrue(() -> new HashSet<>(seqsInTable(tenant)).equals(expected), "the archive holds the four events");
    assertThat(seqsInTable(tenant)).hasSize(4);
  }

  @Test
  void recordsOfAnErasedUserStayOnTheLogUnreadableAndAreNeitherArchivedNorApplied() {
    KafkaLogConfig kafka = logs.kafka().orElseThrow();
    append(events("eve", T0, view("tent"), purchase("tent")));
    awaitTrue(() -> events(profile("eve")) == 2 && caughtUp(kafka, LogArchive.GROUP), "eve's profile and archive");
    var key = TenantTx.run(pool, tenant, c -> dev.kindred.eventstore.privacy.UserKeys.find(c, tenant, "eve"))
        .await().atMost(Duration.ofSeconds(10));
    // Erasure destroys the key (the worker's erasure does this first, in its transaction).
    TenantTx.run(pool, tenant, c -> c.preparedQuery("DELETE FROM user_keys WHERE pseudonym = $1")
        .execute(Tuple.of(key.pseudonym()))).await().atMost(Duration.ofSeconds(10));
    // A record of eve's still on its way (sealed with her old key) reaches the consumers afterwards.
    long seq = pool.query("SELECT nextval('event_seq')").execute().await().atMost(Duration.ofSeconds(10))
        .iterator().next().getLong(0);
    UUID id = UUID.randomUUID();
    LogRecord late = new LogRecord(seq, tenant, key.pseudonym(), id, "ItemViewed", "stove",
        dev.kindred.eventstore.privacy.SealedPayload.seal(key.dataKey(), id,
            dev.kindred.events.EventCodec.encode(view("stove"))), T0.plusSeconds(60), Instant.now());
    try (KafkaEventLog log = new KafkaEventLog(kafka)) {
      log.publish(List.of(late)).await().atMost(Duration.ofSeconds(30));
    }
    awaitTrue(() -> caughtUp(kafka, InterestPartition.GROUP) && caughtUp(kafka, LogArchive.GROUP), "the groups passed it");
    // The consumers moved past it without archiving or applying it: nothing can open it any more.
    assertThat(seqsInTable(tenant)).doesNotContain(seq);
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT profile::text FROM interest_profiles WHERE user_id = $1")
        .execute(Tuple.of(key.pseudonym()))).await().atMost(Duration.ofSeconds(10));
    assertThat(rows.iterator().next().getString(0)).doesNotContain("stove");
  }

  @Test
  void aBrokerThatDoesNotAcknowledgeAcceptsNothing() {
    // A topic that disappears under the producer: the send is never acknowledged.
    KafkaLogConfig doomed = new KafkaLogConfig(logs.kafka().orElseThrow().bootstrapServers(),
        "kindred-doomed-" + UUID.randomUUID().toString().substring(0, 8), 1);
    try (KafkaEventLog log = new KafkaEventLog(doomed);
        var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", doomed.bootstrapServers()))) {
      admin.deleteTopics(List.of(doomed.topic())).all().toCompletionStage().toCompletableFuture().join();
      EventStore failing = new EventStore(log, pool);
      List<EventEnvelope> batch = events("bea", T0, view("tent"));
      assertThatThrownBy(() -> TenantTx.run(pool, tenant, c -> failing.append(c, batch)).await().atMost(Duration.ofSeconds(60)))
          .hasMessageContaining("did not acknowledge")
          .isInstanceOf(KafkaEventLog.EventLogUnavailableException.class);
      // Nothing was accepted: the id claim rolled back, so the client's retry is stored.
      assertThat(seqsInTable(tenant)).isEmpty();
      assertThat(append(batch).storedCount()).isEqualTo(1);
    }
  }

  @Test
  void membersJoiningAndLeavingMidStreamLoseNoEventAndApplyNoneTwiceAsAReplayShows() {
    KafkaLogConfig kafka = logs.kafka().orElseThrow();
    List<String> users = new ArrayList<>();
    for (int u = 0; u < 24; u++) {
      users.add("user-" + u);
    }
    List<LogConsumer<?>> extra = new ArrayList<>();
    LogConsumer<?> serviceMember = subscriptions.consumers().get(1);
    try {
      for (int round = 0; round < 9; round++) {
        if (round == 3) {
          extra.add(member(kafka, "b"));
        }
        if (round == 5) {
          extra.add(member(kafka, "c"));
        }
        if (round == 6) {
          serviceMember.close();
        }
        for (String u : users) {
          append(events(u, T0.plusSeconds(round * 60L), view(item(u, round)), purchase(item(u, round + 1))));
        }
        sleep(300);
      }
      awaitTrue(() -> caughtUp(kafka, InterestPartition.GROUP) && caughtUp(kafka, LogArchive.GROUP), "the groups caught up");
      // Every member did part of the work: the partitions really moved between them.
      assertThat(serviceMember.applied()).isPositive();
      assertThat(extra.get(0).applied()).isPositive();
      assertThat(extra.get(0).applied() + extra.get(1).applied() + serviceMember.applied())
          .isGreaterThanOrEqualTo(users.size() * 18L);

      Map<String, JsonNode> live = new HashMap<>();
      for (String u : users) {
        JsonNode p = profile(u);
        assertThat(events(p)).as("events applied to %s", u).isEqualTo(18);
        live.put(u, p);
      }
      // The replay rebuilds every profile from the archive in one pass: the same documents.
      UUID job = UUID.randomUUID();
      TenantTx.run(pool, tenant, c -> c.preparedQuery(
              "INSERT INTO jobs (id, tenant_id, kind, status, params) VALUES ($1, $2, 'replay', 'PENDING', '{}'::jsonb)")
          .execute(Tuple.of(job, tenant))).await().indefinitely();
      awaitTrue(() -> {
        String status = TenantTx.run(pool, tenant, c -> c.preparedQuery("SELECT status FROM jobs WHERE id = $1")
            .execute(Tuple.of(job))).await().indefinitely().iterator().next().getString(0);
        assertThat(status).isNotEqualTo("FAILED");
        return "COMPLETED".equals(status);
      }, "the replay completed");
      for (String u : users) {
        assertThat(profile(u)).as("replayed profile of %s", u).isEqualTo(live.get(u));
      }
    } finally {
      extra.forEach(LogConsumer::close);
      subscriptions.consumers().set(1, member(kafka, "service-again"));
    }
  }

  private LogConsumer<?> member(KafkaLogConfig kafka, String name) {
    return new LogConsumer<>(InterestPartition.GROUP, name, kafka, InterestPartition.TYPES, 16,
        LogHandler.of(new InterestPartition(0, 1, projector)), pool).start();
  }

  private static String item(String user, int round) {
    String[] items = {"tent", "bag", "stove", "grinder", "beans", "catan"};
    return items[Math.floorMod(user.hashCode() + round, items.length)];
  }

  private boolean caughtUp(KafkaLogConfig kafka, String group) {
    Map<Integer, Long> stored = LogOffsets.of(pool, group, kafka.topic());
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      List<TopicPartition> parts = partitions(c);
      for (Map.Entry<TopicPartition, Long> end : c.endOffsets(parts).entrySet()) {
        if (stored.getOrDefault(end.getKey().partition(), 0L) < end.getValue()) {
          return false;
        }
      }
    }
    return true;
  }

  private List<ConsumerRecord<String, byte[]>> topic(UUID tenantId) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = consumer()) {
      List<TopicPartition> parts = partitions(c);
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 20_000;
      while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p)) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key().startsWith(tenantId + "/")) {
            out.add(r);
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
    return out;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, logs.kafka().orElseThrow().bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(p);
  }

  /** The topic's partitions (the profile's static topic name may belong to another class loader: ask the config). */
  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
    List<TopicPartition> parts = c.partitionsFor(logs.kafka().orElseThrow().topic()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    assertThat(parts).hasSize(4);
    return parts;
  }


  private List<Long> seqsInTable(UUID tenantId) {
    List<Long> out = new ArrayList<>();
    for (Row r : TenantTx.run(pool, tenantId, c -> c.query("SELECT seq FROM events WHERE stream_key NOT LIKE '\\_%'").execute())
        .await().indefinitely()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  private AppendResult append(List<EventEnvelope> batch) {
    return TenantTx.run(pool, tenant, c -> store.append(c, batch)).await().atMost(Duration.ofSeconds(30));
  }

  private List<EventEnvelope> events(String user, Instant at, KindredEvent... events) {
    List<EventEnvelope> out = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      KindredEvent e = events[i];
      String item = e instanceof ItemViewed v ? v.itemId() : e instanceof ItemPurchased p ? p.itemId() : null;
      out.add(EventEnvelope.toAppend(tenant, user, UUID.randomUUID(), e, item, at.plusSeconds(i)));
    }
    return out;
  }

  private JsonNode profile(String user) {
    String pseudonym = TestEvents.pseudonym(pool, tenant, user);
    var rows = TenantTx.run(pool, tenant, c -> c.preparedQuery(
        "SELECT profile::text FROM interest_profiles WHERE user_id = $1").execute(Tuple.of(pseudonym))).await().indefinitely();
    try {
      return rows.size() == 0 ? JSON.createObjectNode() : JSON.readTree(rows.iterator().next().getString(0));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int events(JsonNode profile) {
    int n = 0;
    for (JsonNode c : profile.path("clusters")) {
      n += c.path("events").asInt();
    }
    return n;
  }

  private static ItemViewed view(String item) {
    return new ItemViewed(item, "s1", null, null, Map.of("device", "mobile"));
  }

  private static ItemPurchased purchase(String item) {
    return new ItemPurchased(item, "s1", 1, 10.0, null, new HashMap<>());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
