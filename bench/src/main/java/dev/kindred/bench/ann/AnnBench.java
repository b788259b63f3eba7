package dev.kindred.bench.ann;

import dev.kindred.bench.Args;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/kindred bench ann}: recall@10 and single-client QPS of pgvector's HNSW index (the one
 * serving uses) at a few {@code ef_search} values, next to exact search in PostgreSQL and Lucene's
 * HNSW on the same vectors and queries, in one run. Both graphs are built with M 16 and a
 * construction beam of 100 (Lucene's defaults); recall is against exact top-10 computed in Java.
 */
public final class AnnBench {

  static final int K = 10;

  /** One measured configuration. */
  record Row(String engine, String data, int size, String param, double recall, double qps, double p50, double p99, double buildS) {
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = Args.parse(argv, Map.of("sizes", "100000", "queries", "1000", "ef", "20,40,80,160,320",
        "data", "clustered,random", "dbuser", "kindred", "dbpassword", "kindred"), "jdbc");
    int queries = Integer.parseInt(a.get("queries"));
    List<Row> rows = new ArrayList<>();
    for (String s : a.get("sizes").split(",")) {
      for (String kind : a.get("data").split(",")) {
        rows.addAll(measure(a, Integer.parseInt(s.trim()), kind.trim(), queries));
      }
    }
    StringBuilder md = new StringBuilder("| engine | data | vectors | setting | recall@10 | QPS (1 client) | p50 ms | p99 ms | build s |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      String recall = r.engine().endsWith("no search") ? "–" : String.format(Locale.ROOT, "%.3f", r.recall());
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %.0f | %.2f | %.2f | %s |%n", r.engine(), r.data(),
          r.size(), r.param(), recall, r.qps(), r.p50(), r.p99(),
          r.buildS() > 0 ? String.format(Locale.ROOT, "%.0f", r.buildS()) : ""));
    }
    System.out.print(md);
    Row pg = best(rows, "pgvector HNSW", 0.95);
    Row lu = best(rows, "Lucene HNSW", 0.95);
    System.out.printf(Locale.ROOT, "ann data=clustered vectors=%d pgvector_recall=%.3f pgvector_qps=%.0f lucene_recall=%.3f lucene_qps=%.0f "
        + "exact_qps=%.0f ratio_pg_vs_lucene=%.2f%n", pg.size(), pg.recall(), pg.qps(),
        lu.recall(), lu.qps(), rows.stream().filter(r -> r.engine().startsWith("PostgreSQL exact") && r.size() == pg.size()
            && r.data().equals("clustered")).mapToDouble(Row::qps)
            .min().orElse(0), pg.qps() / lu.qps());
  }

  private static List<Row> measure(Map<String, String> a, int size, String kind, int queries) throws Exception {
    System.err.printf("generating %d %s vectors + %d queries (384-d)%n", size, kind, queries);
    float[][] base = AnnData.generate(kind, size, 1);
    float[][] qs = AnnData.generate(kind, queries, 2);
    long t = System.nanoTime();
    int[][] truth = AnnData.exact(base, qs, K);
    System.err.printf("exact top-10 in Java: %.1f s%n", (System.nanoTime() - t) / 1e9);
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(a.get("jdbc"), a.get("dbuser"), a.get("dbpassword"))) {
      rows.addAll(pgvector(c, kind, base, qs, truth, a.get("ef")));
    }
    Path dir = Files.createTempDirectory("kindred-ann-lucene");
    try {
      rows.addAll(LuceneHnsw.measure(dir, kind, base, qs, truth, a.get("ef")));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return rows;
  }

  /** The fastest setting of an engine at or above the recall (else its most accurate one), clustered, largest size. */
  static Row best(List<Row> rows, String engine, double recall) {
    int size = rows.get(rows.size() - 1).size();
    List<Row> mine = rows.stream().filter(r -> r.engine().equals(engine) && r.size() == size
        && r.data().equals("clustered")).toList();
    return mine.stream().filter(r -> r.recall() >= recall).max(java.util.Comparator.comparingDouble(Row::qps))
        .orElse(mine.stream().max(java.util.Comparator.comparingDouble(Row::recall)).orElseThrow());
  }

  private static List<Row> pgvector(Connection c, String kind, float[][] base, float[][] qs, int[][] truth, String efs) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS bench_ann");
      st.execute("CREATE UNLOGGED TABLE bench_ann (id int PRIMARY KEY, v vector(" + AnnData.DIM + "))");
    }
    System.err.printf("COPY %d vectors into PostgreSQL%n", base.length);
    var copy = new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < base.length; i++) {
      sb.append(i).append('\t').append(literal(base[i])).append('\n');
      if (sb.length() > 8_000_000 || i == base.length - 1) {
        copy.copyIn("COPY bench_ann (id, v) FROM STDIN", new java.io.StringReader(sb.toString()));
        sb.setLength(0);
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("SET enable_indexscan = off");
      st.execute("SET enable_bitmapscan = off");
      st.execute("SET max_parallel_workers_per_gather = 0");
      int n = Math.min(qs.length, base.length >= 500_000 ? 20 : 100);
      rows.add(query(c, "PostgreSQL exact (seq scan)", kind, base.length, "", java.util.Arrays.copyOf(qs, n),
          java.util.Arrays.copyOf(truth, n), 0));
      st.execute("RESET enable_indexscan");
      st.execute("RESET enable_bitmapscan");
      st.execute("RESET max_parallel_workers_per_gather");
      // What any query pays before searching: the round trip and parsing the 384-d vector literal.
      rows.add(query(c, "PostgreSQL round trip, no search", kind, base.length, "", qs,
          new int[qs.length][0], 0, "SELECT 1 WHERE ?::vector IS NOT NULL"));
      st.execute("SET maintenance_work_mem = '2GB'");
      System.err.println("building the pgvector HNSW index (m 16, ef_construction 100)");
      long t = System.nanoTime();
      st.execute("CREATE INDEX bench_ann_hnsw ON bench_ann USING hnsw (v vector_cosine_ops) WITH (m = 16, ef_construction = 100)");
      double build = (System.nanoTime() - t) / 1e9;
      st.execute("ANALYZE bench_ann");
      for (String ef : efs.split(",")) {
        st.execute("SET hnsw.ef_search = " + Integer.parseInt(ef.trim()));
        rows.add(query(c, "pgvector HNSW", kind, base.length, "ef_search " + ef.trim(), qs, truth, build));
      }
      st.execute("DROP TABLE bench_ann");
    }
    return rows;
  }

  private static Row query(Connection c, String engine, String kind, int size, String param, float[][] qs, int[][] truth,
      double build) throws Exception {
    return query(c, engine, kind, size, param, qs, truth, build, "SELECT id FROM bench_ann ORDER BY v <=> ?::vector LIMIT " + K);
  }

  private static Row query(Connection c, String engine, String kind, int size, String param, float[][] qs, int[][] truth,
      double build, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Histogram h = new Histogram(3);
      int[][] found = new int[qs.length][];
      for (int round = 0; round < 2; round++) {
        long start = System.nanoTime();
        for (int q = 0; q < qs.length; q++) {
          long t = System.nanoTime();
          ps.setString(1, literal(qs[q]));
          List<Integer> ids = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getInt(1));
            }
          }
          found[q] = ids.stream().mapToInt(Integer::intValue).toArray();
          if (round == 1) {
            h.recordValue((System.nanoTime() - t) / 1000);
          }
        }
        if (round == 1) {
          double secs = (System.nanoTime() - start) / 1e9;
          Row r = new Row(engine, kind, size, param, AnnData.recall(truth, found), qs.length / secs,
              h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, build);
          System.err.println(r);
          return r;
        }
      }
    }
    throw new IllegalStateException();
  }

  static String literal(float[] v) {
    StringBuilder sb = new StringBuilder(v.length * 10).append('[');
    for (int d = 0; d < v.length; d++) {
      if (d > 0) {
        sb.append(',');
      }
      sb.append(v[d]);
    }
    return sb.append(']').toString();
  }
}
