package dev.kindred.inference.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.ModelId;
import dev.kindred.inference.kserve.InferTensor;
import dev.kindred.inference.kserve.KServeHttpClient;
import dev.kindred.inference.kserve.KServeProtocolException;
import dev.kindred.inference.model.ModelAssets;
import dev.kindred.inference.model.SentenceTokenizer;
import dev.kindred.inference.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Embeds on a Triton Inference Server that serves the same ONNX file with its onnxruntime backend.
 * Tokenization and pooling happen here, with the very code the embedded backend uses, so the two
 * backends agree to float precision and Triton needs no Python tokenizer step. Concurrent callers
 * are merged into one request by {@link MicroBatcher}; failures are retried with jittered backoff
 * and counted by a {@link CircuitBreaker}.
 */
public final class TritonEmbeddingModel implements EmbeddingModel {

  static final String OUTPUT = "last_hidden_state";

  private final ModelAssets assets;
  private final ModelId modelId;
  private final TritonSettings settings;
  private final KServeHttpClient client;
  private final SentenceTokenizer tokenizer;
  private final CircuitBreaker breaker;
  private final MicroBatcher batcher;
  private volatile boolean sendTypeIds = true;

  public TritonEmbeddingModel(ModelAssets assets, TritonSettings settings) {
    this.assets = assets;
    this.modelId = assets.modelId();
    this.settings = settings;
    this.client = new KServeHttpClient(settings.url(), settings.timeout());
    this.tokenizer = assets.tokenizer();
    this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerOpen().toMillis(),
        System::currentTimeMillis);
    this.batcher = new MicroBatcher(settings.batchMaxTexts(), settings.batchMaxDelay(), this::embedNow);
  }

  /**
   * Start-up check: server and model ready, and the model's metadata matches what this client
   * sends and expects. Throws {@link InferenceException} saying what is wrong.
   */
  public void verify() {
    if (!client.serverReady()) {
      throw new InferenceException("Triton at " + settings.url() + " is not ready", true);
    }
    if (!client.modelReady(settings.model())) {
      throw new InferenceException("model '" + settings.model() + "' is not ready on " + settings.url(), true);
    }
    JsonNode meta = client.modelMetadata(settings.model());
    List<String> inputs = new ArrayList<>();
    meta.path("inputs").forEach(i -> inputs.add(i.path("name").asText()));
    if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
      throw new InferenceException("model '" + settings.model() + "' takes " + inputs
          + ", expected input_ids and attention_mask", false);
    }
    sendTypeIds = inputs.contains("token_type_ids");
    JsonNode output = null;
    for (JsonNode o : meta.path("outputs")) {
      if (OUTPUT.equals(o.path("name").asText())) {
        output = o;
      }
    }
    if (output == null) {
      throw new InferenceException("model '" + settings.model() + "' has no output " + OUTPUT, false);
    }
    // The same weights on both sides, or vectors from the two backends would not be comparable.
    client.modelConfig(settings.model()).ifPresent(config -> {
      String served = config.path("parameters").path("kindred_model_version").path("string_value").asText("");
      if (!served.isEmpty() && !served.equals(modelId.version())) {
        throw new InferenceException("Triton serves " + settings.model() + " version " + served
            + " but the in-process model is " + modelId.version() + "; run infra/triton/extract-model.sh", false);
      }
    });
    JsonNode shape = output.path("shape");
    long last = shape.size() == 0 ? -2 : shape.get(shape.size() - 1).asLong();
    if (last != assets.dimension() && last != -1) {
      throw new InferenceException("model '" + settings.model() + "' outputs " + shape
          + ", expected a last dimension of " + assets.dimension(), false);
    }
  }

  @Override
  public float[][] embed(List<String> texts) {
    EmbeddingModel.requireTexts(texts);
    if (texts.isEmpty()) {
      return new float[0][];
    }
    return batcher.submit(texts, settings.timeout().multipliedBy(settings.retries() + 2L));
  }

  /** One request for texts merged from several callers, with retries under the breaker. */
  private float[][] embedNow(List<String> texts) {
    TokenBatch tokens = tokenizer.encode(texts);
    List<InferTensor> inputs = new ArrayList<>(3);
    inputs.add(InferTensor.int64("input_ids", tokens.shape(), tokens.inputIds()));
    inputs.add(InferTensor.int64("attention_mask", tokens.shape(), tokens.attentionMask()));
    if (sendTypeIds) {
      inputs.add(InferTensor.int64("token_type_ids", tokens.shape(), tokens.typeIds()));
    }
    InferTensor hidden = callWithRetry(inputs);
    long[] shape = hidden.shape();
    if (shape.length != 3 || shape[0] != tokens.batch() || shape[1] != tokens.seqLen()
        || shape[2] != assets.dimension()) {
      throw new KServeProtocolException("output " + OUTPUT + " has shape " + java.util.Arrays.toString(shape)
          + ", expected [" + tokens.batch() + ", " + tokens.seqLen() + ", " + assets.dimension() + "]");
    }
    return assets.pooling().pool(hidden.asFloats(), tokens, assets.dimension());
  }

  private InferTensor callWithRetry(List<InferTensor> inputs) {
    InferenceException last = null;
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (!breaker.allow()) {
        throw new InferenceException("circuit open: Triton failed " + settings.breakerThreshold()
            + " times in a row", false, last);
      }
      try {
        List<InferTensor> outputs = client.infer(settings.model(), inputs, Set.of(OUTPUT));
        breaker.onSuccess();
        return outputs.stream().filter(t -> OUTPUT.equals(t.name())).findFirst()
            .orElseThrow(() -> new KServeProtocolException("the reply lacks output " + OUTPUT));
      } catch (InferenceException e) {
        breaker.onFailure();
        last = e;
        if (!e.retryable() || attempt == settings.retries()) {
          throw e;
        }
        sleep(settings.retryBackoff().toMillis() << attempt);
      }
    }
    throw last;
  }

  private static void sleep(long baseMillis) {
    try {
      Thread.sleep((long) (baseMillis * (0.5 + ThreadLocalRandom.current().nextDouble())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted", false, e);
    }
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  @Override
  public int dimension() {
    return assets.dimension();
  }

  @Override
  public ModelId modelId() {
    return modelId;
  }

  @Override
  public int maxTokens() {
    return assets.maxTokens();
  }

  @Override
  public void close() {
    batcher.close();
    tokenizer.close();
  }
}
