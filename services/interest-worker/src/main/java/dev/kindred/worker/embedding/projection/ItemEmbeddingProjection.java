package dev.kindred.worker.embedding.projection;

import dev.kindred.events.EventEnvelope;
import dev.kindred.events.EventType;
import dev.kindred.events.ItemUpserted;
import dev.kindred.eventstore.subscription.Delivered;
import dev.kindred.eventstore.subscription.SubscriptionHandler;
import dev.kindred.tenancy.TenantTx;
import dev.kindred.worker.embedding.repository.ItemVectorRepository;
import dev.kindred.worker.embedding.repository.ItemVectorRepository.ItemVector;
import dev.kindred.worker.embedding.service.ItemEmbedder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Item vectors as a projection of {@code ItemUpserted}: for each upserted item whose current text
 * has no vector under the current model, embed it and store the vector with the model's id.
 * Idempotent: a re-delivered event finds the vector present and does nothing.
 */
@ApplicationScoped
public class ItemEmbeddingProjection implements SubscriptionHandler<Map<UUID, List<ItemVector>>> {

  public static final String NAME = "item-embeddings";
  public static final Set<String> TYPES = Set.of(EventType.of(ItemUpserted.class).storedName());

  private final Pool pool;
  private final ItemVectorRepository repo;
  private final ItemEmbedder embedder;

  public ItemEmbeddingProjection(Pool pool, ItemVectorRepository repo, ItemEmbedder embedder) {
    this.pool = pool;
    this.repo = repo;
    this.embedder = embedder;
  }

  @Override
  public Map<UUID, List<ItemVector>> prepare(List<Delivered> events) {
    Map<UUID, Set<String>> byTenant = new LinkedHashMap<>();
    for (Delivered d : events) {
      EventEnvelope e = d.envelope();
      if (e.event() instanceof ItemUpserted item) {
        byTenant.computeIfAbsent(e.tenantId(), t -> new LinkedHashSet<>()).add(item.itemId());
      }
    }
    Map<UUID, List<ItemVector>> out = new LinkedHashMap<>();
    String model = embedder.modelKey();
    for (Map.Entry<UUID, Set<String>> t : byTenant.entrySet()) {
      var items = TenantTx.run(pool, t.getKey(),
              c -> repo.needing(c, t.getKey(), new ArrayList<>(t.getValue()), model))
          .await().atMost(Duration.ofSeconds(30));
      out.put(t.getKey(), embedder.embed(items));
    }
    return out;
  }

  @Override
  public Uni<Void> apply(SqlConnection tx, List<Delivered> events, Map<UUID, List<ItemVector>> vectors) {
    String model = embedder.modelKey();
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, List<ItemVector>> t : vectors.entrySet()) {
      if (t.getValue().isEmpty()) {
        continue;
      }
      chain = chain.chain(() -> TenantTx.bind(tx, t.getKey()))
          .chain(() -> repo.write(tx, t.getKey(), model, t.getValue()))
          .replaceWithVoid();
    }
    return chain;
  }
}
