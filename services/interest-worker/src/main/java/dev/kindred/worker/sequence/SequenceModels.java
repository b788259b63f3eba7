package dev.kindred.worker.sequence;

import dev.kindred.recsys.sequence.NextItemModel;
import dev.kindred.recsys.sequence.SasRec;
import dev.kindred.tenancy.TenantTx;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The tenant's stored sequence models ({@code sequence_models}): the promoted one, and storing a new one. */
@ApplicationScoped
public class SequenceModels {

  /** The promoted model, as a judge of a new model's held-out items. */
  public record Current(int version, NextItemModel model) {

    Function<int[], float[]> scorerFor(List<String> itemIds) {
      return model.scorerFor(itemIds);
    }
  }

  /** A trained model with what it was trained on and what it was compared with. */
  public record Trained(SasRec model, List<String> itemIds, int users, long positions, long trainMs,
      double baselineNdcg, String baseline) {
  }

  private static final Duration DB = Duration.ofSeconds(120);
  private final Pool pool;

  public SequenceModels(Pool pool) {
    this.pool = pool;
  }

  /** The promoted model, or null when the tenant has none. */
  public Current current(UUID tenant) {
    Row r = TenantTx.run(pool, tenant, c -> c.query("SELECT version, model, item_ids FROM sequence_models WHERE promoted")
        .execute()).await().atMost(DB).stream().findFirst().orElse(null);
    if (r == null) {
      return null;
    }
    return new Current(r.getInteger("version"), NextItemModel.stored(r.getInteger("version"),
        r.getBuffer("model").getBytes(), r.getArrayOfStrings("item_ids")));
  }

  /** Stores the model (promoted: the only promoted one from now on); answers its version. */
  public int store(UUID tenant, Trained t, boolean promote) {
    return TenantTx.run(pool, tenant, c -> (promote
            ? c.query("UPDATE sequence_models SET promoted = false WHERE promoted").execute().replaceWithVoid()
            : Uni.createFrom().voidItem())
        .chain(() -> c.preparedQuery("""
            INSERT INTO sequence_models (tenant_id, version, model, item_ids, users, positions, epochs, train_ms,
                                         ndcg, baseline_ndcg, baseline, promoted)
            SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM sequence_models
            RETURNING version
            """).execute(Tuple.tuple(List.of(tenant, Buffer.buffer(t.model().toBytes()),
            t.itemIds().toArray(String[]::new), t.users(), t.positions(), t.model().trainedEpochs(), t.trainMs(),
            t.model().validationNdcg(), t.baselineNdcg(), t.baseline(), promote)))))
        .await().atMost(DB).iterator().next().getInteger("version");
  }
}
