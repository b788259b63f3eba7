package dev.kindred.recsys.sequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A tenant's sequence model in the tenant's own terms: the SASRec model with the item id of each
 * of its dense indices. Asked with a user's recent item ids (oldest first), it answers the items
 * most likely to come next; ids it was not trained on are skipped (a user whose recent items are
 * all new to it gets nothing from this source).
 */
public final class NextItemModel {

  /** One proposed next item and its score (the model's logit, higher is likelier). */
  public record Next(String itemId, double score) {
  }

  private final int version;
  private final SasRec model;
  private final List<String> itemIds;
  private final Map<String, Integer> index = new HashMap<>();

  public NextItemModel(int version, SasRec model, List<String> itemIds) {
    if (itemIds.size() != model.items()) {
      throw new IllegalArgumentException("the model has " + model.items() + " items, " + itemIds.size() + " ids given");
    }
    this.version = version;
    this.model = model;
    this.itemIds = List.copyOf(itemIds);
    for (int i = 0; i < itemIds.size(); i++) {
      index.put(itemIds.get(i), i);
    }
  }

  /** A stored model (its bytes and item ids, as {@code sequence_models} keeps them). */
  public static NextItemModel stored(int version, byte[] model, String[] itemIds) {
    return new NextItemModel(version, SasRec.fromBytes(model), java.util.Arrays.asList(itemIds));
  }

  public int version() {
    return version;
  }

  public SasRec model() {
    return model;
  }

  /** The history's items the model knows, as its indices (oldest first). */
  public int[] known(List<String> historyIds) {
    return historyIds.stream().map(index::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
  }

  /**
   * The {@code n} likeliest next items that {@code allowed} lets through and the history does not
   * hold. Only the best few are checked against {@code allowed} (a primitive top-k over all scores
   * first, widened when too many of them are ruled out): for 100k items this is a scan, not 100k
   * lookups.
   */
  public List<Next> next(List<String> historyIds, int n, Predicate<String> allowed) {
    int[] history = known(historyIds);
    if (history.length == 0 || n <= 0) {
      return List.of();
    }
    float[] scores = model.scores(history);
    for (int h : history) {
      scores[h] = Float.NEGATIVE_INFINITY;
    }
    List<Next> out = new ArrayList<>();
    for (int k = Math.min(scores.length, 2 * n + 16); ; k = Math.min(scores.length, k * 4)) {
      out.clear();
      for (int i : top(scores, k)) {
        if (scores[i] == Float.NEGATIVE_INFINITY) {
          return out;
        }
        if (allowed.test(itemIds.get(i))) {
          out.add(new Next(itemIds.get(i), scores[i]));
          if (out.size() == n) {
            return out;
          }
        }
      }
      if (k == scores.length) {
        return out;
      }
    }
  }

  /** The indices of the {@code k} highest scores, highest first (a min-heap of indices, no boxing). */
  static int[] top(float[] scores, int k) {
    int[] heap = new int[k];
    int size = 0;
    for (int i = 0; i < scores.length; i++) {
      if (size < k) {
        heap[size] = i;
        int c = size++;
        while (c > 0 && scores[heap[(c - 1) / 2]] > scores[heap[c]]) {
          int parent = (c - 1) / 2;
          int t = heap[parent];
          heap[parent] = heap[c];
          heap[c] = t;
          c = parent;
        }
      } else if (scores[i] > scores[heap[0]]) {
        heap[0] = i;
        siftDown(heap, size, scores);
      }
    }
    int[] out = new int[size];
    for (int j = size - 1; j >= 0; j--) {
      out[j] = heap[0];
      heap[0] = heap[--size];
      siftDown(heap, size, scores);
    }
    return out;
  }

  private static void siftDown(int[] heap, int size, float[] scores) {
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      int smallest = c;
      if (l < size && scores[heap[l]] < scores[heap[smallest]]) {
        smallest = l;
      }
      if (l + 1 < size && scores[heap[l + 1]] < scores[heap[smallest]]) {
        smallest = l + 1;
      }
      if (smallest == c) {
        return;
      }
      int t = heap[c];
      heap[c] = heap[smallest];
      heap[smallest] = t;
      c = smallest;
    }
  }

  /**
   * This model as a scorer over another item index ({@code otherIds}: index → id), so that a new
   * model and this one are judged on the same held-out items: items this model does not know score
   * lowest, and a history it knows nothing of scores NaN (a miss).
   */
  public Function<int[], float[]> scorerFor(List<String> otherIds) {
    int[] mine = new int[otherIds.size()];
    for (int i = 0; i < mine.length; i++) {
      mine[i] = index.getOrDefault(otherIds.get(i), -1);
    }
    return history -> {
      int[] mapped = java.util.Arrays.stream(history).map(h -> mine[h]).filter(h -> h >= 0).toArray();
      float[] out = new float[mine.length];
      if (mapped.length == 0) {
        java.util.Arrays.fill(out, Float.NaN);
        return out;
      }
      float[] scores = model.scores(mapped);
      for (int i = 0; i < mine.length; i++) {
        out[i] = mine[i] < 0 ? Float.NEGATIVE_INFINITY : scores[mine[i]];
      }
      return out;
    };
  }
}
