package dev.kindred.bench.serve;

import dev.kindred.recsys.sequence.NextItemModel;
import dev.kindred.recsys.sequence.SasRec;
import dev.kindred.recsys.sequence.SasRecConfig;
import dev.kindred.recsys.sequence.SasRecTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the {@code sequence} source adds to one feed request: recommend's call for a user's next
 * items ({@link NextItemModel#next}: one forward pass over their latest items, a score for every
 * catalogue item, the top 30 not yet seen) on a model of the bench catalogue's size (the default
 * SASRec shape; trained one epoch — latency does not depend on how well it ranks), timed call by
 * call in this JVM as recommend runs it (Vector API kernels on when the JVM has the module).
 */
final class SequenceLatency {

  record Result(int items, int calls, double p50, double p99, double max, boolean simd) {
  }

  private SequenceLatency() {
  }

  static Result measure(int items, int calls) {
    Random r = new Random(11);
    List<int[]> sequences = new ArrayList<>();
    for (int u = 0; u < 2000; u++) {
      int[] s = new int[12 + r.nextInt(19)];
      int topic = r.nextInt(ServeData.TOPICS);
      for (int t = 0; t < s.length; t++) {
        s[t] = (topic + ServeData.TOPICS * r.nextInt(items / ServeData.TOPICS)) % items;
      }
      sequences.add(s);
    }
    SasRec model = SasRecTrainer.train(sequences, items, null,
        SasRecConfig.defaults().withNegatives(SasRecConfig.negativesFor(items)).withEpochs(1, 1), null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      ids.add("item-" + i);
    }
    NextItemModel next = new NextItemModel(1, model, ids);
    double[] ms = new double[calls];
    for (int n = -calls / 5; n < calls; n++) {   // the first fifth warms the JIT up
      int[] s = sequences.get(r.nextInt(sequences.size()));
      List<String> history = Arrays.stream(s).mapToObj(i -> "item-" + i).toList();
      long t0 = System.nanoTime();
      next.next(history, 30, id -> true);
      if (n >= 0) {
        ms[n] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    return new Result(items, calls, ms[calls / 2], ms[(int) (calls * 0.99)], ms[calls - 1],
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
  }

  /** Standalone: {@code SequenceLatency [items] [calls]}. */
  public static void main(String[] argv) {
    Result res = measure(argv.length > 0 ? Integer.parseInt(argv[0]) : 100_000,
        argv.length > 1 ? Integer.parseInt(argv[1]) : 5000);
    System.out.printf(Locale.ROOT, "sequence items=%d calls=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f simd=%s%n",
        res.items(), res.calls(), res.p50(), res.p99(), res.max(), res.simd());
  }
}
