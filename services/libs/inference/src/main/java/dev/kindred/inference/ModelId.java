package dev.kindred.inference;

import java.util.Objects;

/**
 * Names the exact weights behind a vector. It is stored next to every vector so that a model
 * change can find what to re-embed: {@code name} is the model family, {@code version} a prefix of
 * the SHA-256 of the ONNX file, so two backends that load the same file report the same id.
 */
public record ModelId(String name, String version) {

  public ModelId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** The form stored in {@code items.embedding_model}: {@code name@version}. */
  public String key() {
    return name + "@" + version;
  }

  @Override
  public String toString() {
    return key();
  }
}
