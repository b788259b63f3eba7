package dev.kindred.recsys.sequence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an ONNX model (the protobuf messages of onnx.proto: ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto, AttributeProto) without a protobuf library: only the fields a plain
 * inference graph needs, encoded by hand (varints and length-delimited fields). Opset 17, IR 8 —
 * what ONNX Runtime 1.22 and Triton's onnxruntime backend load.
 */
final class OnnxGraph {

  static final int FLOAT = 1;
  static final int INT64 = 7;
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private final List<byte[]> inputs = new ArrayList<>();
  private final List<byte[]> outputs = new ArrayList<>();
  private int counter;

  /** One protobuf message being written. */
  static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      key(field, 0);
      raw(value);
      return this;
    }

    Message fixed32(int field, float value) {
      key(field, 5);
      int bits = Float.floatToIntBits(value);
      for (int i = 0; i < 4; i++) {
        out.write(bits >>> (8 * i));
      }
      return this;
    }

    Message bytes(int field, byte[] value) {
      key(field, 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Message string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message m) {
      return bytes(field, m.toBytes());
    }

    byte[] toBytes() {
      return out.toByteArray();
    }

    private void key(int field, int wireType) {
      raw(((long) field << 3) | wireType);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }

  /** A float initializer (weights) of the given shape, row-major. */
  String floats(String name, float[] values, int from, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    ByteBuffer b = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values, from, (int) count);
    initializers.add(tensor(name, FLOAT, b.array(), dims).toBytes());
    return name;
  }

  /** An int64 initializer (shapes, indices); no dims = a scalar. */
  String longs(String name, long[] values, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    initializers.add(tensor(name, INT64, b.array(), dims).toBytes());
    return name;
  }

  private static Message tensor(String name, int type, byte[] raw, long... dims) {
    Message t = new Message();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, type).string(8, name).bytes(9, raw);
  }

  /** A graph input or output: name, element type, and each dimension (a number, or a symbolic name). */
  void input(String name, int type, Object... dims) {
    inputs.add(valueInfo(name, type, dims).toBytes());
  }

  void output(String name, int type, Object... dims) {
    outputs.add(valueInfo(name, type, dims).toBytes());
  }

  private static Message valueInfo(String name, int type, Object... dims) {
    Message shape = new Message();
    for (Object d : dims) {
      shape.message(1, d instanceof String s ? new Message().string(2, s) : new Message().varint(1, ((Number) d).longValue()));
    }
    Message tensorType = new Message().varint(1, type).message(2, shape);
    return new Message().string(1, name).message(2, new Message().message(1, tensorType));
  }

  /** Adds a node; answers its (single) output's name. {@code attributes}: name, value pairs (Long, Float or long[]). */
  String node(String op, List<String> in, Object... attributes) {
    return named(op.toLowerCase() + "_" + (counter++), op, in, attributes);
  }

  /** As {@link #node} with the output's name given (a graph output's). */
  String named(String outName, String op, List<String> in, Object... attributes) {
    Message n = new Message();
    in.forEach(i -> n.string(1, i));
    n.string(2, outName).string(3, outName).string(4, op);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      Message a = new Message().string(1, (String) attributes[i]);
      switch (attributes[i + 1]) {
        case Float f -> a.fixed32(2, f).varint(20, 1);
        case Long l -> a.varint(3, l).varint(20, 2);
        case long[] ls -> {
          for (long l : ls) {
            a.varint(8, l);
          }
          a.varint(20, 7);
        }
        default -> throw new IllegalArgumentException("attribute type " + attributes[i + 1].getClass());
      }
      n.message(5, a);
    }
    nodes.add(n.toBytes());
    return outName;
  }

  byte[] model(String graphName, String producer) {
    Message g = new Message();
    nodes.forEach(n -> g.bytes(1, n));
    g.string(2, graphName);
    initializers.forEach(t -> g.bytes(5, t));
    inputs.forEach(v -> g.bytes(11, v));
    outputs.forEach(v -> g.bytes(12, v));
    return new Message().varint(1, 8).string(2, producer).message(7, g)
        .message(8, new Message().string(1, "").varint(2, 17)).toBytes();
  }
}
