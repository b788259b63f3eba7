package dev.kindred.bench.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The Markdown table and the PNG chart of NDCG@10 per method (published rows included, marked). */
public final class QualityReport {

  private final Map<String, RankingMetrics> methods = new LinkedHashMap<>();
  private final Map<String, RankingMetrics[]> coldStart = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * {@code cold}: users whose history has at most 3 items; {@code cut}: every user with only the
   * latest 3 history items known (null for both when the dataset has no item text).
   */
  public void add(String method, RankingMetrics all, RankingMetrics cold, RankingMetrics cut) {
    methods.put(method, all);
    if (cold != null) {
      coldStart.put(method, new RankingMetrics[] {cold, cut});
    }
  }

  public void note(String line) {
    notes.add(line);
  }

  public RankingMetrics metrics(String method) {
    return methods.get(method);
  }

  public String markdown(String header, List<PublishedRows.Row> published) {
    StringBuilder md = new StringBuilder(header);
    md.append("\n| method | HR@5 | NDCG@5 | HR@10 | NDCG@10 | HR@20 | NDCG@20 | coverage@10 | diversity@10 | novelty@10 |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    methods.forEach((name, m) -> md.append(String.format(Locale.ROOT,
        "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.3f | %.3f | %.2f |%n", name, m.hr(5), m.ndcg(5),
        m.hr(10), m.ndcg(10), m.hr(20), m.ndcg(20), m.coverage(), m.diversity(), m.novelty())));
    for (PublishedRows.Row r : published) {
      md.append(String.format(Locale.ROOT, "| *published:* %s | | | %.4f | %.4f | | | | | |%n", r.model(), r.hr10(),
          r.ndcg10()));
    }
    if (!published.isEmpty()) {
      md.append("\nPublished rows: ").append(published.get(0).source()).append(".\n");
    }
    if (!coldStart.isEmpty()) {
      int real = coldStart.values().iterator().next()[0].users();
      md.append("\nCold start: users with at most 3 history items (").append(real)
          .append(" users in this dataset), and every user with only the latest 3 history items known:\n\n")
          .append("| method | ≤3 items HR@10 | ≤3 items NDCG@10 | last 3 only HR@10 | last 3 only NDCG@10 |\n")
          .append("|---|---|---|---|---|\n");
      coldStart.forEach((name, m) -> md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %.4f |%n", name,
          real == 0 ? "–" : String.format(Locale.ROOT, "%.4f", m[0].hr(10)),
          real == 0 ? "–" : String.format(Locale.ROOT, "%.4f", m[0].ndcg(10)), m[1].hr(10), m[1].ndcg(10))));
    }
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(n -> md.append("- ").append(n).append('\n'));
    }
    return md.toString();
  }

  public void chart(Path png, String title, List<PublishedRows.Row> published) throws IOException {
    List<String> names = new ArrayList<>(methods.keySet());
    List<Double> values = new ArrayList<>();
    methods.values().forEach(m -> values.add(m.ndcg(10)));
    for (PublishedRows.Row r : published) {
      names.add("published " + r.model());
      values.add(r.ndcg10());
    }
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(520).title(title)
        .xAxisTitle("method").yAxisTitle("NDCG@10").build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(35);
    chart.addSeries("NDCG@10", names, values);
    Files.createDirectories(png.getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
