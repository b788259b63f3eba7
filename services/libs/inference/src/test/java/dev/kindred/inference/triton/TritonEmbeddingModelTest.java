package dev.kindred.inference.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindred.inference.EmbeddingModel;
import dev.kindred.inference.EmbeddingModels;
import dev.kindred.inference.FallbackEmbeddingModel;
import dev.kindred.inference.InferenceConfig;
import dev.kindred.inference.InferenceException;
import dev.kindred.inference.TestModels;
import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.kserve.KServeProtocolException;
import dev.kindred.inference.model.ModelAssets;
import dev.kindred.inference.triton.KServeProtocolTestDouble.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TritonEmbeddingModelTest {

  private static final List<String> TEXTS = List.of("trail running shoes", "espresso machine with grinder",
      "", "日本語のテキスト 🏕️", "a much longer description of a waterproof hiking jacket ".repeat(30));
  private static OnnxEmbeddingModel embedded;
  private static KServeProtocolTestDouble server;

  @BeforeAll
  static void start() throws Exception {
    embedded = TestModels.embedded();
    server = new KServeProtocolTestDouble(embedded);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.fault(Fault.NONE);
    server.servedVersion = embedded.modelId().version();
    server.inferRequests.set(0);
    server.batchSizes.clear();
  }

  private static TritonSettings settings(Duration timeout, int retries, int breakerThreshold) {
    return new TritonSettings(server.url(), KServeProtocolTestDouble.MODEL, timeout, 64,
        Duration.ofMillis(30), retries, Duration.ofMillis(5), breakerThreshold, Duration.ofMillis(300));
  }

  private static TritonEmbeddingModel triton(Duration timeout, int retries, int breakerThreshold) {
    return new TritonEmbeddingModel(ModelAssets.ALL_MINILM_L6_V2, settings(timeout, retries, breakerThreshold));
  }

  @Test
  void switchingTheBackendToTritonGivesTheSameVectors() {
    Map<String, String> config = Map.of("kindred.inference.backend", "triton",
        "kindred.inference.triton.url", server.url().toString());
    try (EmbeddingModel viaTriton = EmbeddingModels.open(InferenceConfig.from(k -> Optional.ofNullable(config.get(k))))) {
      float[][] remote = viaTriton.embed(TEXTS);
      float[][] local = embedded.embed(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        for (int d = 0; d < 384; d++) {
          assertThat(Math.abs(remote[i][d] - local[i][d])).as("text %d dim %d", i, d).isLessThan(1e-5f);
        }
      }
      assertThat(viaTriton.modelId()).isEqualTo(embedded.modelId());
      assertThat(server.inferRequests.get()).isEqualTo(1);
    }
  }

  @Test
  void concurrentCallersAreMergedIntoFewerRequests() throws Exception {
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(5), 0, 5)) {
      model.verify();
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<float[]>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String text = "caller " + i + " likes camping";
        calls.add(CompletableFuture.supplyAsync(() -> {
          await(go);
          return model.embed(text);
        }));
      }
      go.countDown();
      for (int i = 0; i < 8; i++) {
        float[] expected = embedded.embed("caller " + i + " likes camping");
        float[] got = calls.get(i).get();
        assertThat(dev.kindred.inference.Vectors.cosine(expected, got)).isGreaterThan(0.99999);
      }
      assertThat(server.inferRequests.get()).isLessThan(8);
      assertThat(server.batchSizes).anyMatch(b -> b > 1);
    }
  }

  @Test
  void serverErrorsAreRetriedThenReportedAndTheFallbackAnswers() {
    server.fault(Fault.HTTP_500);
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 2, 10)) {
      assertThatThrownBy(() -> model.embed("x")).isInstanceOf(InferenceException.class)
          .hasMessageContaining("500").hasMessageContaining("GPU fell off the bus");
      assertThat(server.inferRequests.get()).isEqualTo(3);
    }
    server.inferRequests.set(0);
    FallbackEmbeddingModel withFallback = new FallbackEmbeddingModel(triton(Duration.ofSeconds(2), 1, 10), embedded);
    float[] v = withFallback.embed("tent");
    assertThat(v).containsExactly(embedded.embed("tent"));
    assertThat(withFallback.fallbacks()).isEqualTo(1);
    assertThat(server.inferRequests.get()).isEqualTo(2);
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.fault(Fault.HTTP_400);
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 3, 10)) {
      assertThatThrownBy(() -> model.embed("x")).hasMessageContaining("400").hasMessageContaining("unexpected input shape");
      assertThat(server.inferRequests.get()).isEqualTo(1);
    }
  }

  @Test
  void aModelThatIsNotReadyFailsTheStartUpCheck() {
    server.fault(Fault.MODEL_NOT_READY);
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 0, 10)) {
      assertThatThrownBy(model::verify).isInstanceOf(InferenceException.class).hasMessageContaining("is not ready");
    }
    TritonSettings wrongModel = new TritonSettings(server.url(), "bge-large", Duration.ofSeconds(2), 8,
        Duration.ofMillis(1), 0, Duration.ofMillis(1), 3, Duration.ofSeconds(1));
    try (TritonEmbeddingModel model = new TritonEmbeddingModel(ModelAssets.ALL_MINILM_L6_V2, wrongModel)) {
      assertThatThrownBy(model::verify).hasMessageContaining("'bge-large' is not ready");
    }
  }

  @Test
  void otherWeightsOnTheServerFailTheStartUpCheck() {
    server.servedVersion = "0123456789ab";
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 0, 10)) {
      assertThatThrownBy(model::verify).hasMessageContaining("version 0123456789ab")
          .hasMessageContaining("extract-model.sh");
    }
  }

  @Test
  void slowRepliesTimeOut() {
    server.fault(Fault.SLOW);
    try (TritonEmbeddingModel model = triton(Duration.ofMillis(150), 0, 10)) {
      assertThatThrownBy(() -> model.embed("x")).isInstanceOf(InferenceException.class).hasMessageContaining("timed out");
    }
  }

  @Test
  void malformedPayloadsAndWrongShapesAreClearErrorsNotRetried() {
    server.fault(Fault.MALFORMED_BINARY);
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 2, 10)) {
      assertThatThrownBy(() -> model.embed("x")).isInstanceOf(KServeProtocolException.class)
          .hasMessageContaining("binary bytes");
      assertThat(server.inferRequests.get()).isEqualTo(1);
      server.fault(Fault.WRONG_SHAPE);
      assertThatThrownBy(() -> model.embed("x")).isInstanceOf(KServeProtocolException.class)
          .hasMessageContaining("has shape [1, ");
    }
  }

  @Test
  void theBreakerStopsCallingAFailingServerAndClosesWhenItRecovers() throws Exception {
    server.fault(Fault.HTTP_500);
    try (TritonEmbeddingModel model = triton(Duration.ofSeconds(2), 0, 2)) {
      assertThatThrownBy(() -> model.embed("a")).hasMessageContaining("500");
      assertThatThrownBy(() -> model.embed("b")).hasMessageContaining("500");
      assertThat(model.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThatThrownBy(() -> model.embed("c")).hasMessageContaining("circuit open");
      assertThat(server.inferRequests.get()).isEqualTo(2);
      server.fault(Fault.NONE);
      Thread.sleep(350);
      assertThat(model.embed("d")).hasSize(384);
      assertThat(model.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
