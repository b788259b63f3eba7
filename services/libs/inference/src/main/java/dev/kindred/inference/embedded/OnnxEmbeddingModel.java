package dev.kindred.inference.embedded;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.ModelId;
import dev.kindred.inference.model.ModelAssets;
import dev.kindred.inference.model.SentenceTokenizer;
import dev.kindred.inference.model.TokenBatch;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Runs the sentence-embedding model in this JVM with ONNX Runtime. Texts are grouped by length
 * before batching so that padding stays small; results come back in input order. The intra-op
 * thread budget is bounded so that the services keep cores of their own.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel {

  private final ModelAssets assets;
  private final ModelId modelId;
  private final SentenceTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean wantsTypeIds;
  private final int maxBatch;

  public OnnxEmbeddingModel(ModelAssets assets, int intraOpThreads, int maxBatch) {
    this.assets = assets;
    this.modelId = assets.modelId();
    this.tokenizer = assets.tokenizer();
    this.maxBatch = Math.max(1, maxBatch);
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(assets.readOnnx(), options);
      this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load " + assets.name() + " into ONNX Runtime", e);
    }
  }

  /** Half the cores, at least one: the default thread budget. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  @Override
  public float[][] embed(List<String> texts) {
    EmbeddingModel.requireTexts(texts);
    float[][] out = new float[texts.size()][];
    Integer[] order = IntStream.range(0, texts.size()).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
    for (int from = 0; from < order.length; from += maxBatch) {
      int to = Math.min(order.length, from + maxBatch);
      List<String> chunk = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        chunk.add(texts.get(order[k]));
      }
      float[][] vectors = embedBatch(chunk);
      for (int k = from; k < to; k++) {
        out[order[k]] = vectors[k - from];
      }
    }
    return out;
  }

  private float[][] embedBatch(List<String> chunk) {
    TokenBatch tokens = tokenizer.encode(chunk);
    return assets.pooling().pool(runHidden(tokens), tokens, assets.dimension());
  }

  /** The model's last hidden state for a tokenized batch, row-major [batch, seqLen, dim]. */
  public float[] runHidden(TokenBatch tokens) {
    long[] shape = tokens.shape();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.inputIds()), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.attentionMask()), shape));
      if (wantsTypeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.typeIds()), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] values = new float[hidden.remaining()];
        hidden.get(values);
        return values;
      }
    } catch (OrtException e) {
      throw new InferenceException("ONNX Runtime failed: " + e.getMessage(), false, e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  public SentenceTokenizer tokenizer() {
    return tokenizer;
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
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    tokenizer.close();
  }
}
