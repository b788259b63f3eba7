package dev.kindred.bench.quality;

import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.model.ModelAssets;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Item text embedded by the same in-process model the worker uses (all-MiniLM-L6-v2), cached under
 * {@code bench/results/cache} keyed by the model id and a hash of every text, so a second run on
 * the same dataset skips the minute of embedding.
 */
public final class ItemVectors {

  private ItemVectors() {
  }

  public static float[][] ofText(String[] texts, Path cacheDir) throws IOException {
    ModelAssets assets = ModelAssets.ALL_MINILM_L6_V2;
    Path cache = cacheDir.resolve("vectors-" + key(texts) + ".f32");
    if (Files.exists(cache)) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
        int n = in.readInt();
        int dim = in.readInt();
        float[][] out = new float[n][dim];
        for (float[] row : out) {
          for (int d = 0; d < dim; d++) {
            row[d] = in.readFloat();
          }
        }
        return out;
      }
    }
    float[][] out;
    try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(assets, OnnxEmbeddingModel.defaultThreads() * 2, 32)) {
      System.err.printf("embedding %d item texts with %s%n", texts.length, model.modelId());
      out = model.embed(Arrays.asList(texts));
    }
    Files.createDirectories(cacheDir);
    try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
      o.writeInt(out.length);
      o.writeInt(out[0].length);
      for (float[] row : out) {
        for (float x : row) {
          o.writeFloat(x);
        }
      }
    }
    return out;
  }

  private static String key(String[] texts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ModelAssets.ALL_MINILM_L6_V2.name().getBytes(StandardCharsets.UTF_8));
      for (String t : texts) {
        md.update(t.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
