package dev.kindred.inference.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encodes and decodes KServe v2 inference messages with Triton's binary tensor data extension: a
 * JSON header whose length travels in {@code Inference-Header-Content-Length}, followed by the raw
 * tensor bytes in the order the header lists them ({@code parameters.binary_data_size} each).
 * A message without that header is plain JSON with {@code data} arrays; both are understood.
 */
public final class KServeCodec {

  /** {@code headerLength} is the value of Inference-Header-Content-Length, or -1 for plain JSON. */
  public record Message(byte[] body, int headerLength) {
  }

  /** A decoded request: the input tensors and the outputs asked for (name → binary?). */
  public record Request(List<InferTensor> inputs, List<RequestedOutput> outputs) {
  }

  public record RequestedOutput(String name, boolean binary) {
  }

  public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final ObjectMapper JSON = new ObjectMapper();

  private KServeCodec() {
  }

  public static Message encodeRequest(List<InferTensor> inputs, Collection<String> binaryOutputs) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode in = root.putArray("inputs");
    for (InferTensor t : inputs) {
      describe(in.addObject(), t).putObject("parameters").put("binary_data_size", t.data().length);
    }
    ArrayNode out = root.putArray("outputs");
    for (String name : binaryOutputs) {
      out.addObject().put("name", name).putObject("parameters").put("binary_data", true);
    }
    return withBinary(root, inputs);
  }

  /** The server side (used by the protocol test double): outputs as binary or as JSON data. */
  public static Message encodeResponse(String modelName, String modelVersion, List<InferTensor> outputs,
      Collection<String> binaryOutputs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model_name", modelName);
    if (modelVersion != null) {
      root.put("model_version", modelVersion);
    }
    ArrayNode out = root.putArray("outputs");
    List<InferTensor> binary = new ArrayList<>();
    for (InferTensor t : outputs) {
      ObjectNode node = describe(out.addObject(), t);
      if (binaryOutputs.contains(t.name())) {
        node.putObject("parameters").put("binary_data_size", t.data().length);
        binary.add(t);
      } else {
        TensorJson.writeData(node.putArray("data"), t);
      }
    }
    return binary.isEmpty() ? new Message(bytes(root), -1) : withBinary(root, binary);
  }

  public static List<InferTensor> decodeResponse(byte[] body, int headerLength) {
    JsonNode root = header(body, headerLength);
    if (root.has("error")) {
      throw new KServeProtocolException("server error: " + root.get("error").asText());
    }
    return tensors(root, "outputs", binarySection(body, headerLength));
  }

  public static Request decodeRequest(byte[] body, int headerLength) {
    JsonNode root = header(body, headerLength);
    List<InferTensor> inputs = tensors(root, "inputs", binarySection(body, headerLength));
    List<RequestedOutput> outputs = new ArrayList<>();
    for (JsonNode o : root.path("outputs")) {
      outputs.add(new RequestedOutput(o.path("name").asText(),
          o.path("parameters").path("binary_data").asBoolean(false)));
    }
    return new Request(inputs, outputs);
  }

  private static ObjectNode describe(ObjectNode node, InferTensor t) {
    node.put("name", t.name());
    ArrayNode shape = node.putArray("shape");
    for (long d : t.shape()) {
      shape.add(d);
    }
    node.put("datatype", t.datatype());
    return node;
  }

  private static Message withBinary(ObjectNode root, List<InferTensor> tensors) {
    byte[] json = bytes(root);
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length
        + tensors.stream().mapToInt(t -> t.data().length).sum());
    out.writeBytes(json);
    tensors.forEach(t -> out.writeBytes(t.data()));
    return new Message(out.toByteArray(), json.length);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode header(byte[] body, int headerLength) {
    int len = headerLength < 0 ? body.length : headerLength;
    if (len > body.length) {
      throw new KServeProtocolException(HEADER_LENGTH + " is " + len + " but the body has only "
          + body.length + " bytes");
    }
    try {
      JsonNode root = JSON.readTree(new String(body, 0, len, StandardCharsets.UTF_8));
      if (root == null || !root.isObject()) {
        throw new KServeProtocolException("the inference header is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new KServeProtocolException("the inference header is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ByteBuffer binarySection(byte[] body, int headerLength) {
    int start = headerLength < 0 ? body.length : headerLength;
    return ByteBuffer.wrap(body, start, body.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static List<InferTensor> tensors(JsonNode root, String field, ByteBuffer binary) {
    JsonNode list = root.get(field);
    if (list == null || !list.isArray()) {
      throw new KServeProtocolException("'" + field + "' is missing or not an array");
    }
    List<InferTensor> out = new ArrayList<>();
    for (JsonNode t : list) {
      String name = required(t, "name").asText();
      String datatype = required(t, "datatype").asText();
      JsonNode shapeNode = required(t, "shape");
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong();
      }
      JsonNode size = t.path("parameters").path("binary_data_size");
      byte[] data;
      if (!size.isMissingNode()) {
        int n = size.asInt(-1);
        if (n < 0 || n > binary.remaining()) {
          throw new KServeProtocolException("tensor '" + name + "' declares " + n + " binary bytes but "
              + binary.remaining() + " remain");
        }
        data = new byte[n];
        binary.get(data);
      } else if (t.has("data")) {
        data = TensorJson.readData(t.get("data"), datatype, name);
      } else {
        throw new KServeProtocolException("tensor '" + name + "' has neither data nor binary_data_size");
      }
      out.add(new InferTensor(name, datatype, shape, data));
    }
    if (binary.hasRemaining()) {
      throw new KServeProtocolException(binary.remaining() + " binary bytes follow the last tensor");
    }
    return out;
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new KServeProtocolException("a tensor lacks '" + field + "'");
    }
    return v;
  }
}
