package dev.kindred.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kindred.inference.embedded.OnnxEmbeddingModel;
import dev.kindred.inference.model.ModelAssets;
import dev.kindred.simulator.catalogue.CatalogueGenerator;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/kindred bench embed}: texts/s through {@link OnnxEmbeddingModel} (Kindred's embedded
 * backend) next to a plain ONNX Runtime loop on the same model file, same tokenizer, same threads,
 * same texts, in one run; then the latency of one short query at a time. Texts are the simulator's
 * product titles and descriptions.
 */
public final class EmbedBench {

  private static final int[] BATCHES = {1, 8, 32, 128};

  public static void main(String[] argv) throws Exception {
    int texts = argv.length > 0 ? Integer.parseInt(argv[0]) : 1024;
    int threads = Runtime.getRuntime().availableProcessors();
    List<String> corpus = new ArrayList<>();
    for (CatalogueGenerator.Item i : new CatalogueGenerator(7, 0).generate(texts)) {
      corpus.add(i.title() + ". " + i.description());
    }
    ModelAssets assets = ModelAssets.ALL_MINILM_L6_V2;
    RawOrt raw = new RawOrt(assets, threads);
    StringBuilder table = new StringBuilder("| batch | EmbeddingModel texts/s | raw ONNX Runtime texts/s | ratio |\n|---|---|---|---|\n");
    double b32 = 0;
    double ratio32 = 0;
    for (int batch : BATCHES) {
      try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(assets, threads, batch)) {
        model.embed(corpus.subList(0, Math.min(64, corpus.size())));
        raw.embed(corpus.subList(0, Math.min(64, corpus.size())), batch);
        // Interleave the two so drift on a noisy machine hits both alike; keep the best of 2 rounds.
        double ours = 0;
        double theirs = 0;
        for (int round = 0; round < 2; round++) {
          ours = Math.max(ours, rate(() -> model.embed(corpus), corpus.size()));
          theirs = Math.max(theirs, rate(() -> raw.embed(corpus, batch), corpus.size()));
        }
        table.append(String.format("| %d | %.0f | %.0f | %.2f |%n", batch, ours, theirs, ours / theirs));
        System.err.printf("batch %d: EmbeddingModel %.0f texts/s, raw ORT %.0f texts/s%n", batch, ours, theirs);
        if (batch == 32) {
          b32 = ours;
          ratio32 = ours / theirs;
        }
      }
    }
    Histogram single = new Histogram(3);
    try (OnnxEmbeddingModel model = new OnnxEmbeddingModel(assets, threads, 32)) {
      for (int i = 0; i < 600; i++) {
        String query = "query " + i + " " + corpus.get(i % corpus.size()).split("\\.")[0];
        long t0 = System.nanoTime();
        model.embed(query);
        if (i >= 100) {
          single.recordValue((System.nanoTime() - t0) / 1_000);
        }
      }
    }
    double p50 = single.getValueAtPercentile(50) / 1000.0;
    double p99 = single.getValueAtPercentile(99) / 1000.0;
    System.out.println();
    System.out.println("model: " + assets.modelId() + " (fp32, " + assets.dimension() + " dims), " + threads
        + " intra-op threads for both, " + corpus.size() + " texts (simulator titles + descriptions)");
    System.out.println();
    System.out.print(table);
    System.out.printf("%nsingle short query through EmbeddingModel (500 after 100 warm-up): p50 %.2f ms, p99 %.2f ms%n%n", p50, p99);
    System.out.printf("embed model=%s texts_per_s_b32=%.0f ratio_vs_ort=%.2f single_p50_ms=%.2f single_p99_ms=%.2f%n",
        assets.modelId(), b32, ratio32, p50, p99);
  }

  private static double rate(Runnable work, int n) {
    long t0 = System.nanoTime();
    work.run();
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  /** The reference: tokenizer + ORT session + mean pooling written plainly, texts in input order. */
  private static final class RawOrt {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    RawOrt(ModelAssets assets, int threads) throws Exception {
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setIntraOpNumThreads(threads);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(assets.readOnnx(), o);
      tokenizer = HuggingFaceTokenizer.newInstance(
          EmbedBench.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json"),
          Map.of("padding", "true", "truncation", "true", "maxLength", "256"));
    }

    void embed(List<String> texts, int batch) {
      for (int from = 0; from < texts.size(); from += batch) {
        List<String> chunk = texts.subList(from, Math.min(texts.size(), from + batch));
        Encoding[] enc = tokenizer.batchEncode(chunk);
        int b = enc.length;
        int t = enc[0].getIds().length;
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] types = new long[b * t];
        for (int i = 0; i < b; i++) {
          System.arraycopy(enc[i].getIds(), 0, ids, i * t, t);
          System.arraycopy(enc[i].getAttentionMask(), 0, mask, i * t, t);
          System.arraycopy(enc[i].getTypeIds(), 0, types, i * t, t);
        }
        long[] shape = {b, t};
        try {
          Map<String, OnnxTensor> in = new HashMap<>();
          in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
          in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
          in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
          try (OrtSession.Result r = session.run(in)) {
            FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[][] pooled = new float[b][384];
            for (int i = 0; i < b; i++) {
              int count = 0;
              for (int k = 0; k < t; k++) {
                if (mask[i * t + k] == 0) {
                  continue;
                }
                count++;
                for (int d = 0; d < 384; d++) {
                  pooled[i][d] += h.get((i * t + k) * 384 + d);
                }
              }
              double norm = 0;
              for (int d = 0; d < 384; d++) {
                pooled[i][d] /= count;
                norm += pooled[i][d] * pooled[i][d];
              }
              for (int d = 0; d < 384; d++) {
                pooled[i][d] /= (float) Math.sqrt(norm);
              }
            }
          } finally {
            in.values().forEach(OnnxTensor::close);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
