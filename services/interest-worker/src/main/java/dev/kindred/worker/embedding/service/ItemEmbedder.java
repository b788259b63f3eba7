package dev.kindred.worker.embedding.service;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.worker.embedding.repository.ItemVectorRepository.ItemToEmbed;
import dev.kindred.worker.embedding.repository.ItemVectorRepository.ItemVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Embeds items from their text; shared by the live projection and the backfill job. */
@ApplicationScoped
public class ItemEmbedder {

  private final EmbeddingModel model;

  public ItemEmbedder(EmbeddingModel model) {
    this.model = model;
  }

  public String modelKey() {
    return model.modelId().key();
  }

  /** Blocking (runs the model): call from a worker thread, never from an event loop. */
  public List<ItemVector> embed(List<ItemToEmbed> items) {
    if (items.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(items.size());
    for (ItemToEmbed i : items) {
      texts.add(ItemText.of(i.title(), i.categories(), i.description()));
    }
    float[][] vectors = model.embed(texts);
    List<ItemVector> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      out.add(new ItemVector(items.get(k).itemId(), items.get(k).seq(), vectors[k]));
    }
    return out;
  }
}
