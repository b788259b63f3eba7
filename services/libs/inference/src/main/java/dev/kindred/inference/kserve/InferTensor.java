package dev.kindred.inference.kserve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One named tensor of the KServe v2 protocol with its raw little-endian bytes, exactly as the
 * binary tensor data extension carries them (BYTES elements each prefixed by a 4-byte length).
 */
public record InferTensor(String name, String datatype, long[] shape, byte[] data) {

  public InferTensor {
    long expected = expectedBytes(datatype, shape);
    if (expected >= 0 && expected != data.length) {
      throw new KServeProtocolException("tensor '" + name + "' of " + datatype + Arrays.toString(shape)
          + " needs " + expected + " bytes, got " + data.length);
    }
  }

  public static InferTensor int64(String name, long[] shape, long[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return new InferTensor(name, "INT64", shape, buf.array());
  }

  public static InferTensor fp32(String name, long[] shape, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new InferTensor(name, "FP32", shape, buf.array());
  }

  public static InferTensor bytes(String name, long[] shape, List<String> values) {
    int size = 0;
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (String v : values) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] b : encoded) {
      buf.putInt(b.length).put(b);
    }
    return new InferTensor(name, "BYTES", shape, buf.array());
  }

  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** FP32 values, or FP16 values widened to float. */
  public float[] asFloats() {
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    return switch (datatype) {
      case "FP32" -> {
        float[] out = new float[data.length / 4];
        buf.asFloatBuffer().get(out);
        yield out;
      }
      case "FP16" -> {
        float[] out = new float[data.length / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.float16ToFloat(buf.getShort());
        }
        yield out;
      }
      default -> throw new KServeProtocolException("tensor '" + name + "' is " + datatype + ", not FP32/FP16");
    };
  }

  public long[] asLongs() {
    if (!"INT64".equals(datatype)) {
      throw new KServeProtocolException("tensor '" + name + "' is " + datatype + ", not INT64");
    }
    long[] out = new long[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  public List<String> asStrings() {
    if (!"BYTES".equals(datatype)) {
      throw new KServeProtocolException("tensor '" + name + "' is " + datatype + ", not BYTES");
    }
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    List<String> out = new ArrayList<>();
    while (buf.hasRemaining()) {
      if (buf.remaining() < 4) {
        throw new KServeProtocolException("tensor '" + name + "' ends inside a length prefix");
      }
      int len = buf.getInt();
      if (len < 0 || len > buf.remaining()) {
        throw new KServeProtocolException("tensor '" + name + "' has an element of " + len
            + " bytes with " + buf.remaining() + " left");
      }
      byte[] b = new byte[len];
      buf.get(b);
      out.add(new String(b, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Bytes per element, or -1 for BYTES (variable length). */
  static int elementSize(String datatype) {
    return switch (datatype) {
      case "BOOL", "INT8", "UINT8" -> 1;
      case "INT16", "UINT16", "FP16", "BF16" -> 2;
      case "INT32", "UINT32", "FP32" -> 4;
      case "INT64", "UINT64", "FP64" -> 8;
      case "BYTES" -> -1;
      default -> throw new KServeProtocolException("unknown datatype " + datatype);
    };
  }

  static long expectedBytes(String datatype, long[] shape) {
    int size = elementSize(datatype);
    if (size < 0) {
      return -1;
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new KServeProtocolException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n * size;
  }
}
