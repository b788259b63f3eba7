package dev.kindred.bench.quality;

import java.util.List;

/**
 * Published numbers for the same dataset and protocol (leave-one-out, full ranking), quoted from
 * {@code ../shared/data/PUBLISHED_BASELINES.md} with their sources; NaN where a source gives none.
 */
public final class PublishedRows {

  public record Row(String model, double hr10, double ndcg10, String source) {
  }

  private PublishedRows() {
  }

  public static List<Row> forDataset(String name) {
    String n = name.toLowerCase();
    if (n.contains("lastfm")) {
      String s = "S3-Rec authors' full-ranking table (github.com/aHuiWang/CIKM2020-S3Rec all_rank.PNG)";
      return List.of(new Row("PopRec", 0.0440, 0.0203, s), new Row("GRU4Rec", 0.0367, 0.0187, s),
          new Row("Caser", 0.0413, 0.0214, s), new Row("SASRec", 0.0688, 0.0390, s),
          new Row("BERT4Rec", 0.0633, 0.0337, s), new Row("HGN", 0.0505, 0.0233, s),
          new Row("FDSA", 0.0413, 0.0254, s), new Row("S3-Rec", 0.0743, 0.0427, s));
    }
    if (n.contains("scientific")) {
      return List.of(new Row("Recformer", 0.1448, 0.1027,
          "Li et al. KDD 2023, Table 2 (8,442 users / 4,385 items: another preprocessing, indicative only)"));
    }
    return List.of();
  }

  /** S3-Rec's PopRec row on LastFM: the protocol check of the popularity baseline. */
  public static boolean isLastFm(String name) {
    return name.toLowerCase().contains("lastfm");
  }
}
