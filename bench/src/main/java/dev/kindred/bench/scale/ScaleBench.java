package dev.kindred.bench.scale;

import dev.kindred.bench.Args;
import dev.kindred.bench.serve.ServeData;
import dev.kindred.simulator.demo.ControlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/kindred bench scale}: ingest and projection throughput of the Kafka event log with 1
 * and 2 ingest instances and 1, 2 and 4 worker instances (separate JVMs, packaged jars), next to
 * the PostgreSQL-only path, all on this machine in one run. Projection runs start every worker held
 * at a table lock, release it when all are ready and time until the interest profiles (and, with
 * Kafka, the archive) have caught up with everything ingested.
 */
public final class ScaleBench {

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("seconds", "40", "items", "3000", "users", "5000", "clients", "4",
        "batch", "200", "workers", "1,2,4", "dbuser", "kindred", "dbpassword", "kindred"),
        "keycloak", "control", "ingest", "jdbc", "kafka", "ingest-jar", "worker-jar", "logs");
    double seconds = Double.parseDouble(a.get("seconds"));
    int items = Integer.parseInt(a.get("items"));
    int users = Integer.parseInt(a.get("users"));
    int clients = Integer.parseInt(a.get("clients"));
    int batch = Integer.parseInt(a.get("batch"));
    String topic = "kindred.bench-" + Long.toString(System.currentTimeMillis(), 36);
    Path logs = Path.of(a.get("logs"));
    Files.createDirectories(logs);
    ControlClient control = new ControlClient(a.get("keycloak"), a.get("control"));
    ControlClient.Keys keys = control.onboard(control.token(), "Scale Bench", "scale-bench", "scale-bench-pw");
    UUID tenant = UUID.fromString(keys.tenantId());
    try (Connection c = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"))) {
      Progress db = new Progress(c, tenant, topic, a.get("kafka"));
      db.resetTenant();
      new ServeData(items, 0).load(c, tenant);
      db.useServingModel();

      Map<String, String> kafkaEnv = Map.of("KINDRED_EVENTLOG", "kafka", "KINDRED_KAFKA_BOOTSTRAP_SERVERS", a.get("kafka"),
          "KINDRED_KAFKA_TOPIC", topic, "KINDRED_KAFKA_PARTITIONS", "8", "KINDRED_WORKER_RETENTION_INTERVAL_MINUTES", "0");
      Path ingestJar = Path.of(a.get("ingest-jar"));
      System.err.printf("ingest, PostgreSQL path (the running stack's ingest): %.0f s, %d clients%n", seconds, clients);
      Progress.Mark before = db.mark();
      double pgIngest = new EventLoad(keys.ingestKey(), items, users, "pg-user-").run(List.of(a.get("ingest")), clients,
          batch, seconds);
      Progress.Mark pgEnd = db.mark();
      double kafka1;
      double kafka2;
      System.err.println("ingest, Kafka path: 1 instance");
      try (Instances one = Instances.start(ingestJar, 1, 18190, kafkaEnv, logs)) {
        kafka1 = new EventLoad(keys.ingestKey(), items, users, "kafka-user-").run(one.urls(), clients, batch, seconds);
      }
      System.err.println("ingest, Kafka path: 2 instances");
      try (Instances two = Instances.start(ingestJar, 2, 18190, kafkaEnv, logs)) {
        kafka2 = new EventLoad(keys.ingestKey(), items, users, "kafka-user-").run(two.urls(), clients, batch, seconds);
      }
      long onTopic = db.endOffsets().values().stream().mapToLong(Long::longValue).sum();
      long inPostgres = db.userEventsBetween(before, pgEnd);

      Path workerJar = Path.of(a.get("worker-jar"));
      Map<Integer, Double> kafkaRates = new HashMap<>();
      Map<Integer, Double> pgRates = new HashMap<>();
      List<Integer> counts = new ArrayList<>();
      for (String w : a.get("workers").split(",")) {
        counts.add(Integer.parseInt(w.trim()));
      }
      for (int n : counts) {
        System.err.printf("projection, Kafka: %d worker(s) over %d records%n", n, onTopic);
        kafkaRates.put(n, db.drainKafka(workerJar, n, kafkaEnv, logs, pgEnd));
        System.err.printf("  %.0f events/s%n", kafkaRates.get(n));
        System.err.printf("projection, PostgreSQL: %d worker(s) over %d events%n", n, inPostgres);
        pgRates.put(n, db.drainPostgres(workerJar, n, logs, before, pgEnd));
        System.err.printf("  %.0f events/s%n", pgRates.get(n));
      }
      db.cleanUp(counts);
      report(seconds, clients, batch, pgIngest, kafka1, kafka2, counts, kafkaRates, pgRates, onTopic, inPostgres);
    }
    // The Kafka clients' and HTTP client's threads must not keep the JVM (and bin/kindred) waiting.
    System.exit(0);
  }

  private static void report(double seconds, int clients, int batch, double pgIngest, double kafka1, double kafka2,
      List<Integer> counts, Map<Integer, Double> kafka, Map<Integer, Double> pg, long onTopic, long inPostgres) {
    System.out.printf(Locale.ROOT, "%n### ingest (POST /v1/events, %d clients, batches of %d, %.0f s each)%n", clients, batch, seconds);
    System.out.println("| path | instances | events/s acknowledged |\n|---|---|---|");
    System.out.printf(Locale.ROOT, "| PostgreSQL (events table) | 1 | %.0f |%n| Kafka (acks=all) | 1 | %.0f |%n| Kafka (acks=all) | 2 | %.0f |%n",
        pgIngest, kafka1, kafka2);
    System.out.printf(Locale.ROOT, "%n### projection (interest profiles; Kafka: + archive), %d / %d events%n", onTopic, inPostgres);
    System.out.println("| workers | Kafka events/s | PostgreSQL events/s |\n|---|---|---|");
    for (int n : counts) {
      System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f |%n", n, kafka.get(n), pg.get(n));
    }
    int first = counts.get(0);
    int last = counts.get(counts.size() - 1);
    System.out.printf(Locale.ROOT, "%nscale speedup_%d_workers=%.2f postgres_speedup_%d_workers=%.2f kafka_events_per_s=%.0f "
            + "kafka_events_per_s_2_ingest=%.0f postgres_events_per_s=%.0f kafka_projection_events_per_s=%s "
            + "postgres_projection_events_per_s=%s%n",
        last, kafka.get(last) / kafka.get(first), last, pg.get(last) / pg.get(first), kafka1, kafka2, pgIngest,
        join(counts, kafka), join(counts, pg));
  }

  private static String join(List<Integer> counts, Map<Integer, Double> rates) {
    List<String> out = new ArrayList<>();
    counts.forEach(n -> out.add(String.format(Locale.ROOT, "%.0f", rates.get(n))));
    return String.join(",", out);
  }
}
