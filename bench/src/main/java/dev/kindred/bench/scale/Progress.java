package dev.kindred.bench.scale;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the scale benchmark reads and resets: the bench tenant's rows (as the schema owner), the
 * topic's end offsets, the consumer groups' stored offsets and the subscriptions' checkpoints.
 */
final class Progress {

  /** A position in the PostgreSQL log and the highest sequence number at that time. */
  record Mark(String txId, long seq) {
  }

  private static final String USER_ROWS = "tenant_id = ? AND stream_key NOT LIKE '\\_%'";
  private final Connection c;
  private final UUID tenant;
  private final String topic;
  private final String kafka;

  Progress(Connection c, UUID tenant, String topic, String kafka) {
    this.c = c;
    this.tenant = tenant;
    this.topic = topic;
    this.kafka = kafka;
  }

  void resetTenant() throws Exception {
    update("DELETE FROM interest_clusters WHERE tenant_id = ?");
    update("DELETE FROM interest_profiles WHERE tenant_id = ?");
    update("DELETE FROM events WHERE " + USER_ROWS);
  }

  /** The bench catalogue's vectors count as today's model's, so the projection uses them as it would real ones. */
  void useServingModel() throws Exception {
    int n = update("""
        UPDATE items SET embedding_model = (SELECT embedding_model FROM items WHERE tenant_id <> ? AND embedding IS NOT NULL
                                            AND embedding_model <> 'bench' LIMIT 1) WHERE tenant_id = ?""");
    if (n == 0) {
      throw new IllegalStateException("no bench items");
    }
  }

  Mark mark() throws Exception {
    try (var st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1)::text, "
            + "(SELECT coalesce(max(seq), 0) FROM events)")) {
      r.next();
      return new Mark(r.getString(1), r.getLong(2));
    }
  }

  long userEventsBetween(Mark from, Mark to) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM events WHERE " + USER_ROWS + " AND seq > ? AND seq <= ?")) {
      ps.setObject(1, tenant);
      ps.setLong(2, from.seq());
      ps.setLong(3, to.seq());
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  Map<TopicPartition, Long> endOffsets() {
    Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      return consumer.endOffsets(parts);
    }
  }

  /** Events/s of n Kafka-mode workers from the moment all are ready until both groups hold the whole topic. */
  double drainKafka(Path jar, int n, Map<String, String> env, Path logs, Mark pgEnd) throws Exception {
    resetProjection(pgEnd);
    exec("DELETE FROM log_offsets WHERE topic = '" + topic + "'");
    Map<TopicPartition, Long> end = endOffsets();
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    boolean[] reported = new boolean[2];
    return timed(jar, n, env, logs.resolve("kafka-" + n), total, () -> {
      boolean profiles = caughtUp("interest-profiles", end);
      boolean archive = caughtUp("event-archive", end);
      note(reported, 0, profiles, "interest-profiles");
      note(reported, 1, archive, "event-archive");
      return profiles && archive;
    });
  }

  private void note(boolean[] reported, int i, boolean now, String group) {
    if (now && !reported[i]) {
      reported[i] = true;
      System.err.printf("  %s caught up after %.1f s%n", group, (System.nanoTime() - started) / 1e9);
    }
  }

  /** Events/s of n PostgreSQL-mode workers (n interest partitions) over the events appended between the marks. */
  double drainPostgres(Path jar, int n, Path logs, Mark from, Mark to) throws Exception {
    resetProjection(to);
    for (int i = 0; i < n; i++) {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO subscription_checkpoints (name, last_tx_id, last_seq) VALUES (?, ?::text::xid8, ?)
          ON CONFLICT (name) DO UPDATE SET last_tx_id = EXCLUDED.last_tx_id, last_seq = EXCLUDED.last_seq""")) {
        ps.setString(1, "interest-profiles/" + i + "of" + n);
        ps.setString(2, from.txId());
        ps.setLong(3, Long.MAX_VALUE);
        ps.executeUpdate();
      }
    }
    long total = userEventsBetween(from, to);
    String[] last = lastPosition(to);
    Map<String, String> env = Map.of("KINDRED_EVENTLOG", "postgres", "KINDRED_WORKER_PARTITIONS", String.valueOf(n),
        "KINDRED_WORKER_RETENTION_INTERVAL_MINUTES", "0");
    return timed(jar, n, env, logs.resolve("postgres-" + n), total, () -> checkpointsAt(n, last));
  }

  void cleanUp(List<Integer> counts) throws Exception {
    for (int n : counts) {
      if (n > 1) {
        exec("DELETE FROM subscription_checkpoints WHERE name LIKE 'interest-profiles/%of" + n + "'");
      }
    }
    exec("DELETE FROM log_offsets WHERE topic = '" + topic + "'");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
      admin.deleteTopics(List.of(topic)).all().get();
    }
  }

  interface Check {
    boolean done() throws Exception;
  }

  /** Starts the workers held at a lock on the offset and checkpoint tables, releases it when all are ready, times until done. */
  private volatile long started;

  private double timed(Path jar, int n, Map<String, String> env, Path logs, long total, Check done) throws Exception {
    java.nio.file.Files.createDirectories(logs);
    try (Connection gate = DriverManager.getConnection(c.getMetaData().getURL(), "kindred", "kindred")) {
      gate.setAutoCommit(false);
      try (var st = gate.createStatement()) {
        st.execute("LOCK TABLE log_offsets, subscription_checkpoints IN ACCESS EXCLUSIVE MODE");
      }
      try (Instances workers = Instances.start(jar, n, 18200, env, logs)) {
        long t0 = System.nanoTime();
        started = t0;
        gate.commit();
        long deadline = t0 + 20L * 60 * 1_000_000_000L;
        while (!done.done()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the projection did not catch up within 20 minutes");
          }
          Thread.sleep(200);
        }
        double rate = total / ((System.nanoTime() - t0) / 1e9);
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT count(*), coalesce(sum((SELECT sum((x->>'events')::int) FROM jsonb_array_elements(profile->'clusters') x)), 0) "
                + "FROM interest_profiles WHERE tenant_id = ?")) {
          ps.setObject(1, tenant);
          try (ResultSet r = ps.executeQuery()) {
            r.next();
            System.err.printf("  profiles: %d holding %d events%n", r.getLong(1), r.getLong(2));
          }
        }
        return rate;
      }
    }
  }

  private boolean caughtUp(String group, Map<TopicPartition, Long> end) throws Exception {
    Map<Integer, Long> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT part, next_offset FROM log_offsets WHERE consumer_group = ? AND topic = ?")) {
      ps.setString(1, group);
      ps.setString(2, topic);
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          stored.put(r.getInt(1), r.getLong(2));
        }
      }
    }
    return end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey().partition(), -1L) >= e.getValue());
  }

  /** The (transaction id, seq) of the last bench event appended before {@code to}, in subscription order. */
  private String[] lastPosition(Mark to) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT tx_id::text, seq FROM events WHERE " + USER_ROWS
        + " AND seq <= ? ORDER BY tx_id DESC, seq DESC LIMIT 1")) {
      ps.setObject(1, tenant);
      ps.setLong(2, to.seq());
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return new String[] {r.getString(1), String.valueOf(r.getLong(2))};
      }
    }
  }

  private boolean checkpointsAt(int n, String[] last) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT count(*) FROM subscription_checkpoints WHERE name LIKE ? AND (last_tx_id, last_seq) >= (?::text::xid8, ?)""")) {
      ps.setString(1, "interest-profiles/%of" + n);
      ps.setString(2, last[0]);
      ps.setLong(3, Long.parseLong(last[1]));
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1) == n;
      }
    }
  }

  /** No profiles for the bench tenant, and none of its archived Kafka rows (each run archives them again). */
  private void resetProjection(Mark pgEnd) throws Exception {
    update("DELETE FROM interest_clusters WHERE tenant_id = ?");
    update("DELETE FROM interest_profiles WHERE tenant_id = ?");
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE " + USER_ROWS + " AND seq > ?")) {
      ps.setObject(1, tenant);
      ps.setLong(2, pgEnd.seq());
      ps.executeUpdate();
    }
  }

  private void exec(String sql) throws Exception {
    try (var st = c.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private int update(String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
        ps.setObject(i, tenant);
      }
      return ps.executeUpdate();
    }
  }
}
