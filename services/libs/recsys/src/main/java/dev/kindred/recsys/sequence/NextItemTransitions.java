package dev.kindred.recsys.sequence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simplest sequence model, the baseline a transformer (SASRec) has to beat: how often item j
 * followed item i within {@code window} steps in users' sequences (a step d later counts 1/d),
 * each row normalised by its total, and a history scored by its last items (the latest weighs 1,
 * the one before 1/2, …). "People who did what you just did next chose …" — the source
 * {@code sequence} will explain itself with exactly these transitions. Pure Java, items as dense
 * indices 0..items-1.
 */
public final class NextItemTransitions {

  private final int items;
  private final Map<Integer, float[]>[] rows;   // per item: (next item, weight) as parallel arrays in a map entry
  private final double[] rowTotals;

  private NextItemTransitions(int items, Map<Integer, float[]>[] rows, double[] rowTotals) {
    this.items = items;
    this.rows = rows;
    this.rowTotals = rowTotals;
  }

  /** Counts the transitions of every sequence (each in time order). */
  @SuppressWarnings("unchecked")
  public static NextItemTransitions train(List<int[]> sequences, int items, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1");
    }
    Map<Integer, float[]>[] rows = new Map[items];
    double[] totals = new double[items];
    for (int[] s : sequences) {
      for (int t = 0; t < s.length; t++) {
        for (int d = 1; d <= window && t + d < s.length; d++) {
          int from = s[t];
          int to = s[t + d];
          if (from == to) {
            continue;
          }
          if (rows[from] == null) {
            rows[from] = new HashMap<>();
          }
          rows[from].computeIfAbsent(to, k -> new float[1])[0] += 1f / d;
          totals[from] += 1.0 / d;
        }
      }
    }
    return new NextItemTransitions(items, rows, totals);
  }

  /** Scores of every item as the next one after {@code history} (time order), from its last {@code recent} items. */
  public double[] scores(int[] history, int recent) {
    double[] out = new double[items];
    int used = 0;
    for (int t = history.length - 1; t >= 0 && used < recent; t--) {
      int from = history[t];
      used++;
      if (from < 0 || from >= items || rows[from] == null) {
        continue;
      }
      double w = 1.0 / used / rowTotals[from];
      for (Map.Entry<Integer, float[]> e : rows[from].entrySet()) {
        out[e.getKey()] += w * e.getValue()[0];
      }
    }
    return out;
  }

  /** How often {@code to} followed {@code from} (lag-weighted), for explanations and tests. */
  public double weight(int from, int to) {
    return rows[from] == null || !rows[from].containsKey(to) ? 0 : rows[from].get(to)[0];
  }
}
