package dev.kindred.console.views;

import com.vaadin.flow.component.Html;
import java.util.List;
import java.util.Locale;

/** Small bar charts as inline SVG, rendered on the server (no chart library, no commercial component). */
final class SvgChart {

  private static final int BAR = 36;
  private static final int HEIGHT = 100;
  private static final int TOP = 12;

  private SvgChart() {}

  /**
   * One bar per value; a null value is an empty slot (not shown or not measured). {@code format}
   * renders a value for its tooltip, e.g. {@code "%.1f ms"}.
   */
  static Html bars(String id, String label, List<String> xLabels, List<Double> values, String format) {
    double max = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1);
    int w = Math.max(6, Math.min(BAR, 720 / Math.max(1, values.size())));
    StringBuilder svg = new StringBuilder("<svg id='").append(id).append("' xmlns='http://www.w3.org/2000/svg' width='")
        .append(Math.max(w, values.size() * w)).append("' height='").append(HEIGHT + 20)
        .append("' role='img' aria-label='").append(escape(label)).append("'>");
    int every = Math.max(1, (int) Math.ceil(values.size() / 12.0));
    for (int i = 0; i < values.size(); i++) {
      Double v = values.get(i);
      int bar = v == null || max <= 0 ? 0 : (int) Math.round((HEIGHT - TOP) * v / max);
      String value = v == null ? "none" : String.format(Locale.ROOT, format, v);
      svg.append("<rect x='").append(i * w + 2).append("' y='").append(HEIGHT - bar).append("' width='")
          .append(Math.max(2, w - 4)).append("' height='").append(bar).append("' fill='#1676f3'><title>")
          .append(escape(xLabels.get(i))).append(": ").append(escape(value)).append("</title></rect>");
      if (i % every == 0) {
        svg.append("<text x='").append(i * w + w / 2).append("' y='").append(HEIGHT + 14)
            .append("' font-size='9' text-anchor='middle'>").append(escape(xLabels.get(i))).append("</text>");
      }
    }
    if (values.stream().anyMatch(v -> v != null)) {
      // The scale: the tallest bar's value, top left.
      svg.append("<text x='2' y='9' font-size='9' fill='#555'>max ").append(escape(String.format(Locale.ROOT, format, max)))
          .append("</text>");
    }
    return new Html(svg.append("</svg>").toString());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
