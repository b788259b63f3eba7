package dev.kindred.inference.triton;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.kserve.InferTensor;
import dev.kindred.inference.kserve.KServeCodec;
import dev.kindred.inference.model.TokenBatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double for the KServe v2 HTTP protocol only — not a Triton server. It answers the health,
 * readiness, metadata and infer endpoints (binary extension included) by running the in-process
 * ONNX model, and can be told to misbehave the ways a real server does.
 */
final class KServeProtocolTestDouble implements AutoCloseable {

  enum Fault { NONE, HTTP_500, HTTP_400, MODEL_NOT_READY, SLOW, MALFORMED_BINARY, WRONG_SHAPE }

  static final String MODEL = "all-minilm-l6-v2";
  private final OnnxEmbeddingModel model;
  private final HttpServer server;
  private volatile Fault fault = Fault.NONE;
  volatile String servedVersion;
  volatile dev.kindred.inference.Ranker ranker;
  final AtomicInteger inferRequests = new AtomicInteger();
  final AtomicInteger rankRequests = new AtomicInteger();
  /** Models Triton was asked to load (repository extension). */
  final List<String> loaded = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

  KServeProtocolTestDouble(OnnxEmbeddingModel model) throws IOException {
    this.model = model;
    this.servedVersion = model.modelId().version();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/v2/", this::route);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void fault(Fault f) {
    fault = f;
  }

  private void route(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/v2/health/ready")) {
        reply(ex, 200, "{}");
      } else if (path.equals("/v2/models/" + MODEL + "/ready")) {
        reply(ex, fault == Fault.MODEL_NOT_READY ? 400 : 200, "{}");
      } else if (path.equals("/v2/models/" + MODEL + "/config")) {
        reply(ex, 200, "{\"name\":\"" + MODEL + "\",\"parameters\":{\"kindred_model_version\":{\"string_value\":\""
            + servedVersion + "\"}}}");
      } else if (path.equals("/v2/models/" + MODEL)) {
        reply(ex, 200, metadata());
      } else if (path.equals("/v2/models/" + MODEL + "/infer") && "POST".equals(ex.getRequestMethod())) {
        infer(ex);
      } else if (path.startsWith("/v2/models/ranker") && path.endsWith("/infer") && ranker != null) {
        rankRequests.incrementAndGet();
        rank(ex);
      } else if (path.startsWith("/v2/repository/models/") && path.endsWith("/load") && "POST".equals(ex.getRequestMethod())) {
        loaded.add(path.substring("/v2/repository/models/".length(), path.length() - "/load".length()));
        reply(ex, 200, "{}");
      } else {
        reply(ex, 404, "{\"error\":\"unknown path " + path + "\"}");
      }
    }
  }

  private void infer(HttpExchange ex) throws IOException {
    inferRequests.incrementAndGet();
    byte[] body = ex.getRequestBody().readAllBytes();
    switch (fault) {
      case HTTP_500 -> {
        reply(ex, 500, "{\"error\":\"GPU fell off the bus\"}");
        return;
      }
      case HTTP_400 -> {
        reply(ex, 400, "{\"error\":\"unexpected input shape\"}");
        return;
      }
      case SLOW -> sleep(1_000);
      default -> { }
    }
    String header = ex.getRequestHeaders().getFirst(KServeCodec.HEADER_LENGTH);
    KServeCodec.Request request = KServeCodec.decodeRequest(body, header == null ? -1 : Integer.parseInt(header));
    InferTensor ids = find(request, "input_ids");
    InferTensor mask = find(request, "attention_mask");
    InferTensor types = find(request, "token_type_ids");
    int batch = (int) ids.shape()[0];
    int seqLen = (int) ids.shape()[1];
    batchSizes.add(batch);
    float[] hidden = model.runHidden(new TokenBatch(batch, seqLen, ids.asLongs(), mask.asLongs(), types.asLongs()));
    long[] shape = fault == Fault.WRONG_SHAPE ? new long[] {batch, seqLen * 384L} : new long[] {batch, seqLen, 384};
    InferTensor out = InferTensor.fp32("last_hidden_state", shape, hidden);
    Set<String> binary = new java.util.HashSet<>();
    request.outputs().stream().filter(KServeCodec.RequestedOutput::binary).forEach(o -> binary.add(o.name()));
    KServeCodec.Message m = KServeCodec.encodeResponse(MODEL, "1", List.of(out), binary);
    byte[] payload = m.body();
    if (fault == Fault.MALFORMED_BINARY) {
      payload = java.util.Arrays.copyOf(payload, payload.length - 7);
    }
    if (m.headerLength() >= 0) {
      ex.getResponseHeaders().add(KServeCodec.HEADER_LENGTH, String.valueOf(m.headerLength()));
    }
    ex.getResponseHeaders().add("Content-Type", m.headerLength() >= 0 ? "application/octet-stream" : "application/json");
    ex.sendResponseHeaders(200, payload.length);
    ex.getResponseBody().write(payload);
  }

  /** FIL-style ranking: input__0 FP32 [rows, features] → output__0 FP32 [rows, 1]. */
  private void rank(HttpExchange ex) throws IOException {
    inferRequests.incrementAndGet();
    byte[] body = ex.getRequestBody().readAllBytes();
    String header = ex.getRequestHeaders().getFirst(KServeCodec.HEADER_LENGTH);
    KServeCodec.Request request = KServeCodec.decodeRequest(body, header == null ? -1 : Integer.parseInt(header));
    InferTensor in = find(request, "input__0");
    int rows = (int) in.shape()[0];
    int cols = (int) in.shape()[1];
    String[] names = new String[cols];
    java.util.Arrays.fill(names, "f");
    float[] scores = ranker.score(new dev.kindred.inference.FeatureMatrix(names, rows, in.asFloats()));
    KServeCodec.Message m = KServeCodec.encodeResponse("ranker", "1",
        List.of(InferTensor.fp32("output__0", new long[] {rows, 1}, scores)), Set.of("output__0"));
    ex.getResponseHeaders().add(KServeCodec.HEADER_LENGTH, String.valueOf(m.headerLength()));
    ex.sendResponseHeaders(200, m.body().length);
    ex.getResponseBody().write(m.body());
  }

  private static InferTensor find(KServeCodec.Request r, String name) {
    return r.inputs().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("missing input " + name));
  }

  private static String metadata() {
    return """
        {"name":"%s","versions":["1"],"platform":"onnxruntime_onnx",
         "inputs":[{"name":"input_ids","datatype":"INT64","shape":[-1,-1]},
                   {"name":"attention_mask","datatype":"INT64","shape":[-1,-1]},
                   {"name":"token_type_ids","datatype":"INT64","shape":[-1,-1]}],
         "outputs":[{"name":"last_hidden_state","datatype":"FP32","shape":[-1,-1,384]}]}
        """.formatted(MODEL);
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
