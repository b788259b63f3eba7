package dev.kindred.recommend.serving;

import dev.kindred.recsys.sequence.NextItemModel;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The sequence model each tenant has promoted ({@code sequence_models}, trained by the worker's
 * {@code train-sequence}), kept in memory ({@link PromotedModels}: a promotion or rollback serves
 * within 30 s). It is scored in-process: one forward pass over the user's latest items and a dot
 * product with every item's embedding, well under a millisecond for catalogues of thousands.
 */
@ApplicationScoped
public class SequenceModels {

  private final PromotedModels<NextItemModel> models;

  public SequenceModels(Pool pool) {
    this.models = new PromotedModels<>(pool, "sequence_models", "model, item_ids", (version, row) ->
        NextItemModel.stored(version, row.getBuffer("model").getBytes(), row.getArrayOfStrings("item_ids")),
        replaced -> { });
  }

  /** The tenant's promoted sequence model, or null when it has none (no {@code sequence} candidates). */
  public NextItemModel active(UUID tenant) {
    return models.active(tenant);
  }

  /** Forgets the cached state (tests that promote a model and want it served at once). */
  public void forget(UUID tenant) {
    models.forget(tenant);
  }
}
