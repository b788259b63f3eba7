package dev.kindred.inference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers vectors by (model id, SHA-256 of the text) in a bounded least-recently-used map, so
 * embedding the same text twice costs one lookup. Misses of one call are embedded together.
 */
public final class CachingEmbeddingModel implements EmbeddingModel {

  private record Key(String model, String textHash) {
  }

  private final EmbeddingModel delegate;
  private final Map<Key, float[]> cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public CachingEmbeddingModel(EmbeddingModel delegate, int maxEntries) {
    this.delegate = delegate;
    this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public float[][] embed(List<String> texts) {
    EmbeddingModel.requireTexts(texts);
    String model = delegate.modelId().key();
    float[][] out = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    Key[] keys = new Key[texts.size()];
    synchronized (cache) {
      for (int i = 0; i < texts.size(); i++) {
        keys[i] = new Key(model, sha256(texts.get(i)));
        float[] known = cache.get(keys[i]);
        if (known != null) {
          out[i] = Arrays.copyOf(known, known.length);
        } else {
          missing.add(i);
        }
      }
    }
    hits.addAndGet(texts.size() - missing.size());
    misses.addAndGet(missing.size());
    if (!missing.isEmpty()) {
      float[][] fresh = delegate.embed(missing.stream().map(texts::get).toList());
      synchronized (cache) {
        for (int k = 0; k < fresh.length; k++) {
          int i = missing.get(k);
          out[i] = fresh[k];
          cache.put(keys[i], Arrays.copyOf(fresh[k], fresh[k].length));
        }
      }
    }
    return out;
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public ModelId modelId() {
    return delegate.modelId();
  }

  @Override
  public int maxTokens() {
    return delegate.maxTokens();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
