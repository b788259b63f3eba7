package dev.kindred.recsys.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exported ONNX graph, run by ONNX Runtime, scores exactly as the Java model does. */
class SasRecOnnxTest {

  @Test
  void onnxRuntimeScoresLikeTheJavaModel() throws Exception {
    Random r = new Random(4);
    List<int[]> seqs = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      int[] s = new int[3 + r.nextInt(8)];
      for (int t = 0; t < s.length; t++) {
        s[t] = (u + 2 * t + r.nextInt(2)) % 30;
      }
      seqs.add(s);
    }
    SasRec model = SasRecTrainer.train(seqs, 30, null, new SasRecConfig(16, 2, 8, 0.2f, 0, 5e-3f, 32, 10, 3, 5, 1, 9L),
        null);
    byte[] onnx = SasRecOnnx.export(model);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
      assertThat(session.getInputNames()).containsExactly(SasRecOnnx.INPUT);
      assertThat(session.getOutputNames()).containsExactly(SasRecOnnx.OUTPUT);
      // Histories from one item to the model's whole window.
      for (int[] history : new int[][] {{4}, {1, 2, 3}, {29, 0, 7, 7, 12}, {1, 2, 3, 4, 5, 6, 7, 8}}) {
        long[] ids = java.util.Arrays.stream(history).asLongStream().toArray();
        try (OnnxTensor in = OnnxTensor.createTensor(env, ids);
             OrtSession.Result out = session.run(Map.of(SasRecOnnx.INPUT, in))) {
          float[] onnxScores = (float[]) out.get(0).getValue();
          float[] javaScores = model.scores(history);
          assertThat(onnxScores).hasSize(30);
          for (int i = 0; i < 30; i++) {
            assertThat(onnxScores[i]).as("item %d after %s", i, java.util.Arrays.toString(history))
                .isCloseTo(javaScores[i], org.assertj.core.data.Offset.offset(1e-4f + 1e-4f * Math.abs(javaScores[i])));
          }
        }
      }
    }
  }
}
