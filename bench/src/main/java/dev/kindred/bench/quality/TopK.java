package dev.kindred.bench.quality;

import java.util.PriorityQueue;

/** The {@code k} best-scored items, best first, skipping excluded ones; ties go to the lower item number. */
public final class TopK {

  private TopK() {
  }

  public static int[] of(double[] scores, int k, int[] excluded) {
    boolean[] skip = new boolean[scores.length];
    for (int i : excluded) {
      skip[i] = true;
    }
    PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> scores[a] != scores[b]
        ? Double.compare(scores[a], scores[b]) : Integer.compare(b, a));
    for (int i = 0; i < scores.length; i++) {
      if (skip[i]) {
        continue;
      }
      if (heap.size() < k) {
        heap.add(i);
      } else {
        int worst = heap.peek();
        if (scores[i] > scores[worst] || (scores[i] == scores[worst] && i < worst)) {
          heap.poll();
          heap.add(i);
        }
      }
    }
    int[] out = new int[heap.size()];
    for (int n = out.length - 1; n >= 0; n--) {
      out[n] = heap.poll();
    }
    return out;
  }
}
