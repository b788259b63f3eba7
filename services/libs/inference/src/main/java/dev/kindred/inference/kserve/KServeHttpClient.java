package dev.kindred.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindred.inference.InferenceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * A client of the KServe v2 / Open Inference Protocol over HTTP (Triton's HTTP endpoint), sending
 * tensors with the binary data extension. One call, one attempt: retries and circuit breaking are
 * the caller's policy. 5xx, timeouts and I/O errors are retryable; 4xx and malformed replies are not.
 */
public final class KServeHttpClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public KServeHttpClient(URI base, Duration timeout) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public boolean serverReady() {
    return status("v2/health/ready") == 200;
  }

  public boolean modelReady(String model) {
    return status("v2/models/" + model + "/ready") == 200;
  }

  /** The model's metadata: name, versions, inputs and outputs with datatypes and shapes. */
  public JsonNode modelMetadata(String model) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("v2/models/" + model)).GET());
    requireOk(r);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new KServeProtocolException("model metadata is not valid JSON", e);
    }
  }

  /** Triton's model configuration extension ({@code GET /v2/models/{m}/config}); empty when not served. */
  public java.util.Optional<JsonNode> modelConfig(String model) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("v2/models/" + model + "/config")).GET());
    if (r.statusCode() == 404) {
      return java.util.Optional.empty();
    }
    requireOk(r);
    try {
      return java.util.Optional.of(JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new KServeProtocolException("model config is not valid JSON", e);
    }
  }

  public List<InferTensor> infer(String model, List<InferTensor> inputs, Collection<String> outputs) {
    KServeCodec.Message message = KServeCodec.encodeRequest(inputs, outputs);
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v2/models/" + model + "/infer"))
        .header("Content-Type", "application/octet-stream")
        .header(KServeCodec.HEADER_LENGTH, String.valueOf(message.headerLength()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    HttpResponse<byte[]> r = send(request);
    requireOk(r);
    int headerLength = r.headers().firstValue(KServeCodec.HEADER_LENGTH).map(KServeHttpClient::parseLength).orElse(-1);
    return KServeCodec.decodeResponse(r.body(), headerLength);
  }

  private int status(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET()).statusCode();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new InferenceException("inference server timed out after " + timeout.toMillis() + " ms", true, e);
    } catch (IOException e) {
      throw new InferenceException("inference server unreachable at " + base + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted", false, e);
    }
  }

  private static void requireOk(HttpResponse<byte[]> r) {
    int code = r.statusCode();
    if (code == 200) {
      return;
    }
    String detail = new String(r.body(), StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(detail).path("error");
      if (!error.isMissingNode()) {
        detail = error.asText();
      }
    } catch (IOException ignored) {
      // not JSON: keep the raw text
    }
    if (detail.length() > 300) {
      detail = detail.substring(0, 300) + "…";
    }
    throw new InferenceException("inference server answered " + code + ": " + detail, code >= 500 || code == 429);
  }

  private static int parseLength(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new KServeProtocolException(KServeCodec.HEADER_LENGTH + " is not a number: " + value);
    }
  }
}
