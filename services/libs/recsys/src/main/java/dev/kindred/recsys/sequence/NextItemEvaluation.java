package dev.kindred.recsys.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * How sequence models are judged and compared: each validation sequence's last item, ranked among
 * every item the user has not seen, given the items before it (full ranking, NDCG@k). The same
 * split serves training (the held-out items are never trained on) and the promotion decision (the
 * new model and what serves now are scored on the same users).
 */
public final class NextItemEvaluation {

  /** What trains and what judges: training sequences (the held-out item removed) and whole validation sequences. */
  public record Split(List<int[]> train, List<int[]> validation) {
  }

  private NextItemEvaluation() {
  }

  /**
   * Holds out the last item of every sequence with at least 3 items (at most {@code maxValidation}
   * of them, chosen at random, judge); sequences of 2 items only train, shorter ones are dropped.
   */
  public static Split split(List<int[]> sequences, int maxValidation, long seed) {
    List<int[]> train = new ArrayList<>();
    List<int[]> validation = new ArrayList<>();
    for (int[] s : sequences) {
      if (s.length >= 3) {
        train.add(Arrays.copyOf(s, s.length - 1));
        validation.add(s);
      } else if (s.length == 2) {
        train.add(s);
      }
    }
    Collections.shuffle(validation, new Random(seed));
    return new Split(train, List.copyOf(validation.subList(0, Math.min(maxValidation, validation.size()))));
  }

  /** Mean NDCG@k over the sequences; {@code scorer} maps a history to every item's score (NaN: cannot score). */
  public static double meanNdcg(List<int[]> sequences, int k, Function<int[], float[]> scorer) {
    double total = 0;
    for (int[] s : sequences) {
      int[] history = Arrays.copyOf(s, s.length - 1);
      float[] scores = scorer.apply(history);
      int target = s[s.length - 1];
      if (scores == null || target >= scores.length || Float.isNaN(scores[target])) {
        continue;   // a miss
      }
      float mine = scores[target];
      Set<Integer> seen = new HashSet<>();
      for (int h : history) {
        seen.add(h);
      }
      int above = 0;
      for (int i = 0; i < scores.length && above < k; i++) {
        // Ties count against the target: a model that scores everything alike ranks nothing.
        if (i != target && !seen.contains(i) && scores[i] >= mine) {
          above++;
        }
      }
      if (above < k) {
        total += 1 / (Math.log(above + 2) / Math.log(2));
      }
    }
    return sequences.isEmpty() ? 0 : total / sequences.size();
  }

  /** Every item's count in the training sequences: the popularity floor a sequence model must beat. */
  public static Function<int[], float[]> popularity(List<int[]> train, int items) {
    float[] counts = new float[items];
    for (int[] s : train) {
      for (int i : s) {
        counts[i]++;
      }
    }
    return history -> counts;
  }
}
