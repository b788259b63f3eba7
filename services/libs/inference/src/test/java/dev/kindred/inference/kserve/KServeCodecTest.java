package dev.kindred.inference.kserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact fixtures written from the KServe v2 protocol and Triton's binary tensor data
 * extension: the request of the extension's documentation (a UINT32 [2,2] and a BOOL [3] input,
 * one output asked for in binary), its reply (an FP32 [3,2] output in binary next to a UINT32
 * output in JSON), and BYTES elements with their 4-byte little-endian length prefixes.
 */
class KServeCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void requestWithBinaryInputsIsByteExact() {
    InferTensor input0 = new InferTensor("input0", "UINT32", new long[] {2, 2},
        HEX.parseHex("01000000" + "02000000" + "03000000" + "04000000"));
    InferTensor input1 = new InferTensor("input1", "BOOL", new long[] {3}, HEX.parseHex("010001"));
    KServeCodec.Message m = KServeCodec.encodeRequest(List.of(input0, input1), List.of("output0"));

    String json = "{\"inputs\":[{\"name\":\"input0\",\"shape\":[2,2],\"datatype\":\"UINT32\","
        + "\"parameters\":{\"binary_data_size\":16}},{\"name\":\"input1\",\"shape\":[3],\"datatype\":\"BOOL\","
        + "\"parameters\":{\"binary_data_size\":3}}],"
        + "\"outputs\":[{\"name\":\"output0\",\"parameters\":{\"binary_data\":true}}]}";
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(json.getBytes(StandardCharsets.UTF_8));
    expected.writeBytes(HEX.parseHex("01000000020000000300000004000000" + "010001"));
    assertThat(m.headerLength()).isEqualTo(json.length());
    assertThat(HEX.formatHex(m.body())).isEqualTo(HEX.formatHex(expected.toByteArray()));

    KServeCodec.Request back = KServeCodec.decodeRequest(m.body(), m.headerLength());
    assertThat(back.inputs()).extracting(InferTensor::name).containsExactly("input0", "input1");
    assertThat(back.inputs().get(1).data()).containsExactly(1, 0, 1);
    assertThat(back.outputs()).containsExactly(new KServeCodec.RequestedOutput("output0", true));
  }

  @Test
  void replyMixingBinaryAndJsonOutputsIsDecoded() {
    String json = """
        {
          "outputs" : [
            {
              "name" : "output0",
              "shape" : [ 3, 2 ],
              "datatype" : "FP32",
              "parameters" : {
                "binary_data_size" : 24
              }
            },
            {
              "name" : "output1",
              "shape" : [ 2, 2 ],
              "datatype" : "UINT32",
              "data" : [ 0, 1, 2, 3 ]
            }
          ]
        }
        """;
    // 1.0, -2.5, 0.0, 0.5, 3.0, -1.0 as little-endian IEEE 754 single precision
    byte[] floats = HEX.parseHex("0000803f" + "000020c0" + "00000000" + "0000003f" + "00004040" + "000080bf");
    byte[] body = concat(json.getBytes(StandardCharsets.UTF_8), floats);

    List<InferTensor> out = KServeCodec.decodeResponse(body, json.getBytes(StandardCharsets.UTF_8).length);
    assertThat(out.get(0).shape()).containsExactly(3, 2);
    assertThat(out.get(0).asFloats()).containsExactly(1.0f, -2.5f, 0.0f, 0.5f, 3.0f, -1.0f);
    assertThat(HEX.formatHex(out.get(1).data())).isEqualTo("00000000" + "01000000" + "02000000" + "03000000");
  }

  @Test
  void aReplyWithoutTheHeaderLengthIsPlainJson() {
    byte[] body = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[0.25,4]}]}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(KServeCodec.decodeResponse(body, -1).get(0).asFloats()).containsExactly(0.25f, 4f);
  }

  @Test
  void bytesElementsCarryFourByteLittleEndianLengthPrefixes() {
    InferTensor t = InferTensor.bytes("text", new long[] {2}, List.of("hi", "Kindred"));
    assertThat(HEX.formatHex(t.data())).isEqualTo("02000000" + "6869" + "07000000" + "4b696e64726564");
    assertThat(t.asStrings()).containsExactly("hi", "Kindred");
    InferTensor cut = new InferTensor("text", "BYTES", new long[] {1}, HEX.parseHex("09000000" + "6869"));
    assertThatThrownBy(cut::asStrings).isInstanceOf(KServeProtocolException.class).hasMessageContaining("9 bytes");
  }

  @Test
  void halfPrecisionOutputsAreWidened() {
    InferTensor t = new InferTensor("y", "FP16", new long[] {3}, HEX.parseHex("003c" + "00c0" + "0038"));
    assertThat(t.asFloats()).containsExactly(1.0f, -2.0f, 0.5f);
  }

  @Test
  void malformedMessagesAreRejectedWithTheReason() {
    String json = "{\"outputs\":[{\"name\":\"y\",\"shape\":[2],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}]}";
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> KServeCodec.decodeResponse(concat(head, new byte[4]), head.length))
        .isInstanceOf(KServeProtocolException.class).hasMessageContaining("declares 8 binary bytes but 4 remain");
    assertThatThrownBy(() -> KServeCodec.decodeResponse(concat(head, new byte[12]), head.length))
        .hasMessageContaining("4 binary bytes follow the last tensor");
    assertThatThrownBy(() -> KServeCodec.decodeResponse(head, head.length + 10))
        .hasMessageContaining("Inference-Header-Content-Length");
    assertThatThrownBy(() -> KServeCodec.decodeResponse("not json".getBytes(StandardCharsets.UTF_8), -1))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> KServeCodec.decodeResponse("{\"error\":\"model busy\"}".getBytes(StandardCharsets.UTF_8), -1))
        .hasMessageContaining("model busy");
    String wrongSize = "{\"outputs\":[{\"name\":\"y\",\"shape\":[3],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}]}";
    byte[] ws = wrongSize.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> KServeCodec.decodeResponse(concat(ws, new byte[8]), ws.length))
        .hasMessageContaining("needs 12 bytes, got 8");
  }

  @Test
  void theServerSideEncodesWhatTheClientDecodes() {
    InferTensor y = InferTensor.fp32("y", new long[] {1, 2}, new float[] {0.5f, -0.5f});
    InferTensor ids = InferTensor.int64("ids", new long[] {2}, new long[] {101, 102});
    KServeCodec.Message m = KServeCodec.encodeResponse("m", "1", List.of(y, ids), Set.of("y"));
    List<InferTensor> back = KServeCodec.decodeResponse(m.body(), m.headerLength());
    assertThat(back.get(0).asFloats()).containsExactly(0.5f, -0.5f);
    assertThat(back.get(1).asLongs()).containsExactly(101L, 102L);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
