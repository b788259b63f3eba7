package dev.kindred.inference.triton;

import dev.kindred.inference.FeatureMatrix;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.ModelId;
import dev.kindred.inference.Ranker;
import dev.kindred.inference.kserve.InferTensor;
import dev.kindred.inference.kserve.KServeHttpClient;
import dev.kindred.inference.kserve.KServeProtocolException;
import java.util.List;
import java.util.Set;

/**
 * Scores candidates on Triton's FIL backend (XGBoost/LightGBM): one FP32 {@code input__0}
 * [rows, features] in, one FP32 {@code output__0} [rows] or [rows, 1] out, binary on the wire.
 * Failures count on the same kind of circuit breaker as the embedding client.
 */
public final class TritonRanker implements Ranker {

  private final KServeHttpClient client;
  private final TritonSettings settings;
  private final ModelId id;
  private final CircuitBreaker breaker;

  /** {@code id} names the model file Triton serves (the same file the in-process ranker loads). */
  public TritonRanker(TritonSettings settings, ModelId id) {
    this.client = new KServeHttpClient(settings.url(), settings.timeout());
    this.settings = settings;
    this.id = id;
    this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerOpen().toMillis(),
        System::currentTimeMillis);
  }

  @Override
  public float[] score(FeatureMatrix features) {
    if (features.rows() == 0) {
      return new float[0];
    }
    if (!breaker.allow()) {
      throw new InferenceException("circuit open: the Triton ranker failed repeatedly", false);
    }
    try {
      List<InferTensor> out = client.infer(settings.model(),
          List.of(InferTensor.fp32("input__0", new long[] {features.rows(), features.columns()}, features.values())),
          Set.of("output__0"));
      InferTensor scores = out.stream().filter(t -> t.name().equals("output__0")).findFirst()
          .orElseThrow(() -> new KServeProtocolException("the reply lacks output__0"));
      if (scores.elementCount() != features.rows()) {
        throw new KServeProtocolException("output__0 has " + scores.elementCount() + " scores for "
            + features.rows() + " rows");
      }
      breaker.onSuccess();
      return scores.asFloats();
    } catch (InferenceException e) {
      breaker.onFailure();
      throw e;
    }
  }

  @Override
  public ModelId modelId() {
    return id;
  }
}
