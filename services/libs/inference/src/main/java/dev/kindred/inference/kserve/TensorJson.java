package dev.kindred.inference.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Converts between a tensor's raw bytes and the flat JSON {@code data} array of KServe v2. */
final class TensorJson {

  private TensorJson() {
  }

  static byte[] readData(JsonNode data, String datatype, String name) {
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    if ("BYTES".equals(datatype)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (JsonNode v : flat) {
        byte[] b = v.asText().getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.writeBytes(b);
      }
      return out.toByteArray();
    }
    int size = InferTensor.elementSize(datatype);
    ByteBuffer buf = ByteBuffer.allocate(flat.size() * size).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode v : flat) {
      if (!v.isNumber() && !v.isBoolean()) {
        throw new KServeProtocolException("tensor '" + name + "' holds a non-numeric value " + v);
      }
      switch (datatype) {
        case "BOOL" -> buf.put((byte) (v.asBoolean() ? 1 : 0));
        case "INT8", "UINT8" -> buf.put((byte) v.asInt());
        case "INT16", "UINT16" -> buf.putShort((short) v.asInt());
        case "INT32", "UINT32" -> buf.putInt((int) v.asLong());
        case "INT64", "UINT64" -> buf.putLong(v.asLong());
        case "FP16" -> buf.putShort(Float.floatToFloat16((float) v.asDouble()));
        case "FP32" -> buf.putFloat((float) v.asDouble());
        case "FP64" -> buf.putDouble(v.asDouble());
        default -> throw new KServeProtocolException("JSON data of " + datatype + " is not supported");
      }
    }
    return buf.array();
  }

  static void writeData(ArrayNode out, InferTensor t) {
    ByteBuffer buf = ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.datatype()) {
      case "BYTES" -> t.asStrings().forEach(out::add);
      case "FP32" -> {
        while (buf.hasRemaining()) {
          out.add(buf.getFloat());
        }
      }
      case "INT64" -> {
        while (buf.hasRemaining()) {
          out.add(buf.getLong());
        }
      }
      case "INT32" -> {
        while (buf.hasRemaining()) {
          out.add(buf.getInt());
        }
      }
      case "UINT32" -> {
        while (buf.hasRemaining()) {
          out.add(Integer.toUnsignedLong(buf.getInt()));
        }
      }
      default -> throw new KServeProtocolException("JSON data of " + t.datatype() + " is not supported");
    }
  }

  private static void flatten(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      node.forEach(n -> flatten(n, out));
    } else {
      out.add(node);
    }
  }
}
