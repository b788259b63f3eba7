package dev.kindred.eventstore.log;

import dev.kindred.eventstore.subscription.SubscriptionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * One member of a Kafka consumer group feeding a projection, on its own thread. Kafka spreads the
 * topic's partitions over the group's members (more worker instances: fewer partitions each); the
 * offsets live in PostgreSQL next to the projection ({@link LogOffsets}), not in Kafka: a newly
 * assigned partition is read from the offset stored there, and each batch commits its projection
 * writes and its offsets in one transaction. So an event is applied exactly once however members
 * come and go. A batch that keeps failing is applied record by record and a record that fails on
 * its own is parked (as the PostgreSQL subscriptions do), so one bad event never stops the group.
 */
public final class LogConsumer<P> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LogConsumer.class);
  private static final int ATTEMPTS = 3;

  private final String group;
  private final KafkaLogConfig config;
  private final Set<String> types;
  private final LogHandler<P> handler;
  private final Pool pool;
  private final Properties props = new Properties();
  private final SubscriptionStore parking = new SubscriptionStore();
  private final Map<TopicPartition, Long> owned = new ConcurrentHashMap<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closed;

  /** {@code types}: stored event type names the projection reads (others only move the offset), null for all. */
  public LogConsumer(String group, String member, KafkaLogConfig config, Collection<String> types, int batchSize,
      LogHandler<P> handler, Pool pool) {
    this.group = group;
    this.config = config;
    this.types = types == null ? null : Set.copyOf(types);
    this.handler = handler;
    this.pool = pool;
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + member);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.thread = new Thread(this::run, "log-" + group + "-" + member);
    thread.setDaemon(true);
  }

  public LogConsumer<P> start() {
    thread.start();
    return this;
  }

  /** Events this member applied (records of other types or of erased users are not counted). */
  public long applied() {
    return applied.get();
  }

  public long parked() {
    return parked.get();
  }

  /** The partitions this member owns now. */
  public Set<Integer> partitions() {
    Set<Integer> out = new java.util.TreeSet<>();
    owned.keySet().forEach(tp -> out.add(tp.partition()));
    return out;
  }

  private void run() {
    while (!closed) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
        consumer = c;
        c.subscribe(List.of(config.topic()), new Rebalance(c));
        while (!closed) {
          ConsumerRecords<String, byte[]> polled = c.poll(Duration.ofMillis(500));
          if (!polled.isEmpty()) {
            process(c, polled);
          }
        }
      } catch (WakeupException e) {
        // close() woke the poll
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.errorf(e, "log consumer %s failed; rejoining the group", group);
          owned.clear();
          sleep(2_000);
        }
      }
    }
  }

  private void process(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> polled) {
    Map<TopicPartition, long[]> ranges = new HashMap<>();
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (TopicPartition tp : polled.partitions()) {
      Long from = owned.get(tp);
      if (from == null) {
        continue;
      }
      long end = from;
      for (ConsumerRecord<String, byte[]> r : polled.records(tp)) {
        if (r.offset() >= from) {
          records.add(r);
          end = r.offset() + 1;
        }
      }
      if (end > from) {
        ranges.put(tp, new long[] {from, end});
      }
    }
    if (ranges.isEmpty()) {
      return;
    }
    List<LogHandler.LogEntry> entries = LogEntries.open(pool, group, records, types);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          commit(entries, ranges);
          break;
        } catch (LogOffsets.Fenced e) {
          throw e;
        } catch (RuntimeException e) {
          if (closed) {
            throw e;
          }
          if (attempt >= ATTEMPTS) {
            LOG.warnf(e, "log consumer %s: a batch of %d records failed %d times; applying them one by one",
                group, entries.size(), attempt);
            isolate(entries, ranges);
            break;
          }
        }
      }
    } catch (LogOffsets.Fenced e) {
      LOG.warn(e.getMessage());
      ranges.keySet().forEach(tp -> reseek(c, tp));
    }
  }

  /** Applies the entries and moves every partition of the batch to its end, in one transaction. */
  private void commit(List<LogHandler.LogEntry> entries, Map<TopicPartition, long[]> ranges) {
    P prepared = handler.prepare(entries);
    pool.withTransaction(tx -> {
      Uni<Void> chain = tx.query("SET LOCAL synchronous_commit TO off").execute()
          .chain(() -> entries.isEmpty() ? Uni.createFrom().voidItem() : handler.apply(tx, entries, prepared));
      for (Map.Entry<TopicPartition, long[]> r : ranges.entrySet()) {
        chain = chain.chain(() -> LogOffsets.advance(tx, group, config.topic(), r.getKey().partition(),
            r.getValue()[0], r.getValue()[1]));
      }
      return chain;
    }).await().atMost(Duration.ofMinutes(2));
    ranges.forEach((tp, r) -> owned.replace(tp, r[1]));
    applied.addAndGet(entries.stream().filter(e -> e.delivered() != null).count());
  }

  private void isolate(List<LogHandler.LogEntry> entries, Map<TopicPartition, long[]> ranges) {
    for (LogHandler.LogEntry e : entries) {
      TopicPartition tp = new TopicPartition(config.topic(), e.partition());
      long from = owned.get(tp);
      Map<TopicPartition, long[]> one = Map.of(tp, new long[] {from, e.offset() + 1});
      try {
        commit(List.of(e), one);
      } catch (LogOffsets.Fenced f) {
        throw f;
      } catch (RuntimeException failure) {
        LOG.errorf(failure, "log consumer %s parks %s-%d@%d (%s, tenant %s)", group, config.topic(), e.partition(),
            e.offset(), e.record().type(), e.record().tenantId());
        commit(List.of(), one);
        if (e.delivered() != null) {
          pool.withTransaction(tx -> parking.park(tx, group, e.delivered(), failure)).await().atMost(Duration.ofSeconds(30));
        }
        parked.incrementAndGet();
      }
    }
    // Records of other types after the last entry: move each partition to the batch's end.
    Map<TopicPartition, long[]> rest = new HashMap<>();
    ranges.forEach((tp, r) -> {
      long at = owned.get(tp);
      if (at < r[1]) {
        rest.put(tp, new long[] {at, r[1]});
      }
    });
    if (!rest.isEmpty()) {
      commit(List.of(), rest);
    }
  }

  private void reseek(KafkaConsumer<String, byte[]> c, TopicPartition tp) {
    if (owned.containsKey(tp)) {
      long next = LogOffsets.claim(pool, group, config.topic(), tp.partition());
      owned.put(tp, next);
      c.seek(tp, next);
    }
  }

  /** Partitions come and go only inside poll(), between batches: no batch is half-applied when they do. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> c;

    Rebalance(KafkaConsumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
      parts.forEach(owned::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
      for (TopicPartition tp : parts) {
        owned.put(tp, -1L);
        reseek(c, tp);
      }
      if (!parts.isEmpty()) {
        LOG.infof("log consumer %s now owns partitions %s", group, partitions());
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
