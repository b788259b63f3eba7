package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The tenant's learned models: sequence models and rankers (each version with what it was judged
 * on and whether it serves) and the latest training jobs with their progress, refreshed on demand.
 * It is handed a reader of recommend's {@code /v1/models} and holds no other logic.
 */
class ModelsPanel extends Div {

  private final Supplier<JsonNode> reader;
  private final Div body = new Div();

  ModelsPanel(Supplier<JsonNode> reader) {
    this.reader = reader;
    setId("models");
    Button refresh = new Button("Refresh", e -> show());
    refresh.setId("models-refresh");
    add(new H3("Learned models"), new Paragraph("Trained by the worker (bin/kindred train-sequence, train-ranker); "
        + "a model serves only when it validated better than what served before."), refresh, body);
    show();
  }

  private void show() {
    body.removeAll();
    JsonNode m = reader.get();
    Grid<JsonNode> training = grid("models-training", m.path("training"), "No training yet.");
    training.addColumn(j -> j.path("kind").asText()).setHeader("Job").setAutoWidth(true);
    training.addColumn(j -> j.path("status").asText()).setHeader("Status");
    training.addColumn(ModelsPanel::progress).setHeader("Progress");
    training.addColumn(j -> j.path("detail").asText("")).setHeader("Latest check").setAutoWidth(true);
    training.addColumn(j -> minute(j, "createdAt")).setHeader("Started");
    Grid<JsonNode> sequence = grid("models-sequence", m.path("sequence"), "No sequence model yet.");
    sequence.addColumn(s -> "v" + s.path("version").asInt()).setHeader("Version");
    sequence.addColumn(s -> minute(s, "trainedAt")).setHeader("Trained");
    sequence.addColumn(s -> s.path("users").asText()).setHeader("Users");
    sequence.addColumn(s -> s.path("items").asText()).setHeader("Items");
    sequence.addColumn(s -> s.path("epochs").asText()).setHeader("Epochs");
    sequence.addColumn(s -> String.format(Locale.ROOT, "%.1f s", s.path("trainSeconds").asDouble())).setHeader("Training");
    sequence.addColumn(ModelsPanel::judged).setHeader("NDCG@10 (held out)").setAutoWidth(true);
    sequence.addColumn(s -> s.path("promoted").asBoolean() ? "serving" : "").setHeader("");
    Grid<JsonNode> ranker = grid("models-ranker", m.path("ranker"), "No learned ranker yet (the weighted score ranks).");
    ranker.addColumn(r -> "v" + r.path("version").asInt()).setHeader("Version");
    ranker.addColumn(r -> minute(r, "trainedAt")).setHeader("Trained");
    ranker.addColumn(r -> r.path("trainRequests").asText() + " / " + r.path("validationRequests").asText())
        .setHeader("Lists (train / held out)");
    ranker.addColumn(ModelsPanel::judged).setHeader("NDCG@10 (held out)").setAutoWidth(true);
    ranker.addColumn(r -> !r.path("promoted").asBoolean() ? "" : r.path("servable").asBoolean() ? "serving"
        : "promoted, older features: not serving").setHeader("");
    body.add(new H4("Training"), training, new H4("Sequence models"), sequence, new H4("Rankers"), ranker);
  }

  private static Grid<JsonNode> grid(String id, JsonNode rows, String empty) {
    Grid<JsonNode> g = new Grid<>();
    g.setId(id);
    List<JsonNode> items = new ArrayList<>();
    rows.forEach(items::add);
    g.setItems(items);
    g.setAllRowsVisible(true);
    g.setEmptyStateText(empty);
    return g;
  }

  /** An instant as "2026-11-24 09:10" (UTC). */
  private static String minute(JsonNode row, String field) {
    return row.path(field).asText().replace('T', ' ').substring(0, 16);
  }

  /** "0.3100 vs 0.1200 (popularity)". */
  static String judged(JsonNode model) {
    return String.format(Locale.ROOT, "%.4f vs %.4f (%s)", model.path("ndcg").asDouble(),
        model.path("baselineNdcg").asDouble(), model.path("baseline").asText());
  }

  /** A sequence job counts epochs: "epoch 40 of at most 200"; other jobs show what they processed. */
  static String progress(JsonNode job) {
    if ("train-sequence".equals(job.path("kind").asText()) && job.path("total").asLong() > 0) {
      return ("COMPLETED".equals(job.path("status").asText()) ? "kept epoch " : "epoch ") + job.path("processed").asLong()
          + ("COMPLETED".equals(job.path("status").asText()) ? "" : " of at most " + job.path("total").asLong());
    }
    return job.path("processed").asText();
  }
}
