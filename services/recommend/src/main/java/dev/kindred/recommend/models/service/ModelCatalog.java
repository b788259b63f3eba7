package dev.kindred.recommend.models.service;

import dev.kindred.recsys.FeedRanker;
import dev.kindred.tenancy.TenantTx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant's learned models as the console shows them: every stored sequence model and ranker
 * (newest first) with what it was judged on and whether it serves, and the latest training jobs
 * with their progress (a sequence job's progress is epochs done of the maximum).
 */
@ApplicationScoped
public class ModelCatalog {

  private static final Duration DB = Duration.ofSeconds(10);
  private static final int SHOWN = 20;
  private final Pool pool;

  public ModelCatalog(Pool pool) {
    this.pool = pool;
  }

  public Map<String, Object> list(UUID tenant) {
    return TenantTx.run(pool, tenant, c -> c.query("""
            SELECT version, trained_at, users, positions, epochs, train_ms, ndcg, baseline_ndcg, baseline, promoted,
                   octet_length(model) AS bytes, cardinality(item_ids) AS items
            FROM sequence_models ORDER BY version DESC LIMIT %d""".formatted(SHOWN)).execute()
        .chain(sequences -> c.query("""
            SELECT version, trained_at, train_requests, validation_requests, ndcg, baseline_ndcg, baseline, promoted,
                   feature_names
            FROM ranker_models ORDER BY version DESC LIMIT %d""".formatted(SHOWN)).execute()
        .chain(rankers -> c.query("""
            SELECT id, kind, status, processed, total, detail, errors::text AS errors, created_at, finished_at FROM jobs
            WHERE kind IN ('train-sequence', 'train-ranker') ORDER BY created_at DESC LIMIT 10""").execute()
        .map(jobs -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("sequence", rows(sequences, this::sequence));
          out.put("ranker", rows(rankers, this::ranker));
          out.put("training", rows(jobs, this::job));
          return out;
        })))).await().atMost(DB);
  }

  private static List<Map<String, Object>> rows(Iterable<Row> rows, java.util.function.Function<Row, Map<String, Object>> f) {
    List<Map<String, Object>> out = new ArrayList<>();
    rows.forEach(r -> out.add(f.apply(r)));
    return out;
  }

  private Map<String, Object> sequence(Row r) {
    Map<String, Object> m = judged(r);
    m.put("users", r.getInteger("users"));
    m.put("positions", r.getLong("positions"));
    m.put("items", r.getInteger("items"));
    m.put("epochs", r.getInteger("epochs"));
    m.put("trainSeconds", r.getLong("train_ms") / 1000.0);
    m.put("bytes", r.getInteger("bytes"));
    return m;
  }

  private Map<String, Object> ranker(Row r) {
    Map<String, Object> m = judged(r);
    m.put("trainRequests", r.getInteger("train_requests"));
    m.put("validationRequests", r.getInteger("validation_requests"));
    // A ranker of another feature layout does not serve even when promoted (see LearnedRankers).
    m.put("servable", FeedRanker.isCurrentLayout(r.getArrayOfStrings("feature_names")));
    return m;
  }

  private static Map<String, Object> judged(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", r.getInteger("version"));
    m.put("trainedAt", r.getOffsetDateTime("trained_at").toInstant().toString());
    m.put("ndcg", r.getDouble("ndcg"));
    m.put("baselineNdcg", r.getDouble("baseline_ndcg"));
    m.put("baseline", r.getString("baseline"));
    m.put("promoted", r.getBoolean("promoted"));
    return m;
  }

  private Map<String, Object> job(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.getUUID("id").toString());
    m.put("kind", r.getString("kind"));
    m.put("status", r.getString("status"));
    m.put("processed", r.getLong("processed"));
    m.put("total", r.getLong("total"));
    m.put("detail", r.getString("detail"));
    m.put("errors", r.getString("errors"));
    m.put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
    m.put("finishedAt", r.getOffsetDateTime("finished_at") == null ? null
        : r.getOffsetDateTime("finished_at").toInstant().toString());
    return m;
  }
}
