package dev.kindred.bench.quality;

import java.util.List;

/**
 * A public dataset as the harness sees it: items numbered 0..n−1 (with their text when the dataset
 * has any), and each user's interactions in time order as item numbers. Every interaction counts as
 * implicit positive feedback, as in the published protocols.
 */
public record Dataset(String name, String format, String[] titles, String[] texts, List<int[]> sequences) {

  public int items() {
    return titles.length;
  }

  public boolean hasText() {
    return texts != null;
  }

  public long interactions() {
    long n = 0;
    for (int[] s : sequences) {
      n += s.length;
    }
    return n;
  }
}
