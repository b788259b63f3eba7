package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Serving quality over time: requests/s, p99 latency, click-through, coverage, diversity, novelty,
 * exploration share and its click-through, as small bar charts and a table. It is handed a reader
 * of recommend's {@code /v1/quality} and holds no other logic.
 */
class QualityPanel extends Div {

  private final Function<String, JsonNode> reader;
  private final Div body = new Div();

  /** {@code reader}: "day" or "hour" → recommend's answer. */
  QualityPanel(Function<String, JsonNode> reader) {
    this.reader = reader;
    setId("quality");
    Select<String> bucket = new Select<>();
    bucket.setId("quality-bucket");
    bucket.setLabel("Window");
    bucket.setItems("day", "hour");
    bucket.setItemLabelGenerator(b -> "hour".equals(b) ? "last 48 hours, by hour" : "last 14 days, by day");
    bucket.setValue("day");
    bucket.addValueChangeListener(e -> show(e.getValue()));
    add(new H3("Serving quality"), new Paragraph("From the lists served (impressions) and the clicks attributed to them; "
        + "users who withdrew analytics consent are not counted."), bucket, body);
    show("day");
  }

  private void show(String bucket) {
    body.removeAll();
    JsonNode q = reader.apply(bucket);
    List<JsonNode> rows = new ArrayList<>();
    q.path("buckets").forEach(rows::add);
    Function<JsonNode, String> x = b -> "hour".equals(bucket) ? b.path("start").asText().substring(11, 13) + "h"
        : b.path("start").asText().substring(5, 10);
    List<String> labels = rows.stream().map(x).toList();
    FlexLayout charts = new FlexLayout();
    charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
    charts.getStyle().set("gap", "var(--lumo-space-l)");
    charts.add(chart("q-rps", "Requests/s", labels, rows, "requestsPerSecond", "%.4f/s"),
        chart("q-p99", "p99 latency (ms)", labels, rows, "p99Ms", "%.1f ms"),
        chart("q-ctr", "Click-through", labels, rows, "ctr", "%.3f"),
        chart("q-coverage", "Catalogue coverage", labels, rows, "coverage", "%.3f"),
        chart("q-diversity", "Diversity (cosine distance)", labels, rows, "diversity", "%.3f"),
        chart("q-novelty", "Novelty (bits)", labels, rows, "novelty", "%.2f"),
        chart("q-explore", "Exploration share", labels, rows, "exploreShare", "%.3f"),
        chart("q-explore-ctr", "Exploration click-through", labels, rows, "exploreCtr", "%.3f"));
    Grid<JsonNode> grid = new Grid<>();
    grid.setId("quality-table");
    grid.addColumn(x::apply).setHeader("hour".equals(bucket) ? "Hour" : "Day").setAutoWidth(true);
    grid.addColumn(b -> b.path("requests").asText()).setHeader("Lists");
    grid.addColumn(b -> num(b, "p50Ms", "%.1f")).setHeader("p50 ms");
    grid.addColumn(b -> num(b, "p99Ms", "%.1f")).setHeader("p99 ms");
    grid.addColumn(b -> pct(b, "ctr")).setHeader("CTR");
    grid.addColumn(b -> pct(b, "coverage")).setHeader("Coverage");
    grid.addColumn(b -> num(b, "diversity", "%.3f")).setHeader("Diversity");
    grid.addColumn(b -> num(b, "novelty", "%.2f")).setHeader("Novelty");
    grid.addColumn(b -> pct(b, "exploreShare")).setHeader("Exploration");
    grid.addColumn(b -> pct(b, "exploreCtr")).setHeader("Exploration CTR");
    grid.setItems(rows.reversed());
    grid.setAllRowsVisible(true);
    Paragraph note = new Paragraph(q.path("lists").asLong() + " lists in the window"
        + (q.path("truncated").asBoolean() ? " (the newest " + q.path("lists").asLong() + " counted)" : "") + ".");
    note.setId("quality-note");
    body.add(charts, grid, note);
  }

  private static Div chart(String id, String title, List<String> labels, List<JsonNode> rows, String field, String format) {
    List<Double> values = rows.stream().map(b -> b.path(field).isNumber() ? b.path(field).asDouble() : null).toList();
    return new Div(new H4(title), SvgChart.bars(id, title, labels, values, format));
  }

  private static String num(JsonNode b, String field, String format) {
    return b.path(field).isNumber() ? String.format(Locale.ROOT, format, b.path(field).asDouble()) : "–";
  }

  private static String pct(JsonNode b, String field) {
    return b.path(field).isNumber() ? String.format(Locale.ROOT, "%.1f %%", 100 * b.path(field).asDouble()) : "–";
  }
}
