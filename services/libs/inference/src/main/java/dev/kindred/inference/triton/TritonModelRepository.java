package dev.kindred.inference.triton;

import dev.kindred.inference.InferenceException;
import dev.kindred.inference.ModelId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

/**
 * Puts a tenant's promoted models where Triton serves them, each with a {@code config.pbtxt} that
 * pins the one version (a rollback re-publishes an older one), then asks Triton to (re)load the
 * model through the KServe repository extension ({@code POST /v2/repository/models/<name>/load};
 * Triton runs with {@code --model-control-mode=explicit}): the learned ranker as the XGBoost JSON
 * file the in-process ranker loads ({@code ranker-<tenant>/<version>/xgboost.json}, FIL backend),
 * the sequence model as its ONNX export ({@code sequence-<tenant>/<version>/model.onnx},
 * onnxruntime backend).
 */
public final class TritonModelRepository {

  private final Path root;
  private final URI triton;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public TritonModelRepository(Path root, URI triton) {
    this.root = root;
    this.triton = triton;
  }

  /** The repository the configuration names ({@code kindred.inference.triton.model-repository}), or null when none. */
  public static TritonModelRepository of(dev.kindred.inference.InferenceConfig config) {
    return config.tritonModelRepository() == null ? null
        : new TritonModelRepository(Path.of(config.tritonModelRepository()), config.triton().url());
  }

  /** Triton's name for a tenant's ranker (letters, digits and '-' only). */
  public static String modelName(UUID tenant) {
    return "ranker-" + tenant.toString().replace("-", "");
  }

  /** Triton's name for a tenant's sequence model. */
  public static String sequenceModelName(UUID tenant) {
    return "sequence-" + tenant.toString().replace("-", "");
  }

  /** Writes the ranker (file first, then the config that points at it) and loads it on Triton. */
  public void publish(String name, int version, byte[] xgboostJson, int features, ModelId id) {
    publish(name, version, "xgboost.json", xgboostJson, config(name, version, features, id));
  }

  /** Writes a sequence model's ONNX graph ({@code history} int64 [n] → {@code scores} float [items]) and loads it. */
  public void publishSequence(String name, int version, byte[] onnx, int items) {
    publish(name, version, "model.onnx", onnx, sequenceConfig(name, version, items));
  }

  private void publish(String name, int version, String file, byte[] content, String config) {
    try {
      Path dir = root.resolve(name);
      Path versionDir = dir.resolve(Integer.toString(version));
      Files.createDirectories(versionDir);
      replace(versionDir.resolve(file), content);
      replace(dir.resolve("config.pbtxt"), config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InferenceException("cannot write " + name + " to the Triton model repository " + root + ": "
          + e.getMessage(), false);
    }
    load(name);
  }

  /** Triton's onnxruntime configuration of one pinned sequence-model version (no batching: one user per call). */
  static String sequenceConfig(String name, int version, int items) {
    return """
        # Written by Kindred's interest-worker when it promotes a tenant's sequence model.
        name: "%s"
        backend: "onnxruntime"
        max_batch_size: 0
        version_policy: { specific: { versions: [ %d ] } }
        input [ { name: "history" data_type: TYPE_INT64 dims: [ -1 ] } ]
        output [ { name: "scores" data_type: TYPE_FP32 dims: [ %d ] } ]
        instance_group [ { kind: KIND_GPU } ]
        """.formatted(name, version, items);
  }

  /** Triton's FIL configuration of one pinned version; {@code kindred_model_version} names the file's model id. */
  static String config(String name, int version, int features, ModelId id) {
    return """
        # Written by Kindred's interest-worker when it promotes a tenant's learned ranker.
        name: "%s"
        backend: "fil"
        max_batch_size: 8192
        version_policy: { specific: { versions: [ %d ] } }
        input [ { name: "input__0" data_type: TYPE_FP32 dims: [ %d ] } ]
        output [ { name: "output__0" data_type: TYPE_FP32 dims: [ 1 ] } ]
        instance_group [ { kind: KIND_GPU } ]
        parameters [
          { key: "model_type" value: { string_value: "xgboost_json" } },
          { key: "output_class" value: { string_value: "false" } },
          { key: "storage_type" value: { string_value: "AUTO" } },
          { key: "kindred_model_version" value: { string_value: "%s" } }
        ]
        dynamic_batching { max_queue_delay_microseconds: 100 }
        """.formatted(name, version, features, id.key());
  }

  private void load(String name) {
    HttpRequest req = HttpRequest.newBuilder(triton.resolve("/v2/repository/models/" + name + "/load"))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json").build();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new InferenceException("Triton refused to load " + name + ": HTTP " + r.statusCode() + " " + r.body(), false);
      }
    } catch (IOException e) {
      throw new InferenceException("Triton cannot be reached to load " + name + ": " + e.getMessage(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while loading " + name, true);
    }
  }

  private static void replace(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
