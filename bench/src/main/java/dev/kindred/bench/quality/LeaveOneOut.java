package dev.kindred.bench.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leave-one-out by time: per user the last item is the test target, the second-to-last the
 * validation target, the rest history. Users with fewer than three interactions are not evaluated
 * (their interactions still count as known behaviour). What is known at a phase is every user's
 * sequence without its target(s): at test time the validation item is known, the test item is not.
 */
public final class LeaveOneOut {

  public enum Phase {
    VALIDATION(2), TEST(1);

    final int heldOut;

    Phase(int heldOut) {
      this.heldOut = heldOut;
    }
  }

  private final Dataset data;
  private final List<Integer> evaluated = new ArrayList<>();

  public LeaveOneOut(Dataset data) {
    this.data = data;
    for (int u = 0; u < data.sequences().size(); u++) {
      if (data.sequences().get(u).length >= 3) {
        evaluated.add(u);
      }
    }
  }

  /** The users evaluated (index into the dataset's sequences). */
  public List<Integer> users() {
    return evaluated;
  }

  public int[] history(int user, Phase phase) {
    int[] s = data.sequences().get(user);
    return Arrays.copyOf(s, s.length - phase.heldOut);
  }

  public int target(int user, Phase phase) {
    int[] s = data.sequences().get(user);
    return s[s.length - phase.heldOut];
  }

  /** Every user's sequence as known at the phase (users too short to evaluate keep all of theirs). */
  public List<int[]> known(Phase phase) {
    List<int[]> out = new ArrayList<>(data.sequences().size());
    for (int[] s : data.sequences()) {
      out.add(s.length >= 3 ? Arrays.copyOf(s, s.length - phase.heldOut) : s);
    }
    return out;
  }
}
