package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Users page's what-if panel: collect hypothetical events (type + item) and a stated
 * interest, fire {@link RunRequested}, then show the list it would give, each item marked new or
 * moved against the list now. Holds no logic beyond that comparison.
 */
class WhatIfPanel extends Div {

  final Select<String> type = new Select<>();
  final TextField itemId = new TextField("Item id");
  final TextField stated = new TextField("Stated interest (optional)");
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final Paragraph hypothesis = new Paragraph("No hypothetical events yet.");
  private final Div answer = new Div();

  WhatIfPanel() {
    setId("what-if");
    type.setLabel("Would");
    type.setItems("view", "click", "add_to_cart", "purchase", "like", "dislike", "not_interested");
    type.setValue("purchase");
    type.setId("what-if-type");
    itemId.setId("what-if-item");
    stated.setId("what-if-stated");
    stated.setWidth("22em");
    Button add = new Button("Add event", e -> {
      if (!itemId.getValue().isBlank()) {
        events.add(Map.of("type", type.getValue(), "itemId", itemId.getValue().trim()));
        itemId.clear();
        describe();
      }
    });
    add.setId("what-if-add");
    Button run = new Button("Show what would change", e -> fireEvent(new RunRequested(this)));
    run.setId("what-if-run");
    run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Button clear = new Button("Clear", e -> {
      events.clear();
      stated.clear();
      answer.removeAll();
      describe();
    });
    HorizontalLayout form = new HorizontalLayout(type, itemId, add, stated, run, clear);
    form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    form.setWrap(true);
    hypothesis.setId("what-if-hypothesis");
    answer.setId("what-if-answer");
    add(new H3("What if…"), new Paragraph("Nothing here is stored or shown to the user: the hypothesis is applied by "
        + "the real update rule to a copy of the profile."), form, hypothesis, answer);
  }

  /** The body for recommend's what-if endpoint. */
  Map<String, Object> hypothesisBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", List.copyOf(events));
    if (!stated.getValue().isBlank()) {
      body.put("statedInterest", stated.getValue());
    }
    body.put("count", 10);
    return body;
  }

  private void describe() {
    hypothesis.setText(events.isEmpty() ? "No hypothetical events yet."
        : "If the user would: " + String.join(", ", events.stream().map(e -> e.get("type") + " " + e.get("itemId")).toList()));
  }

  /** The answer: the list after, each item with its change against the list before. */
  void show(JsonNode r) {
    answer.removeAll();
    List<String> before = new ArrayList<>();
    r.path("before").path("items").forEach(i -> before.add(i.path("itemId").asText()));
    List<JsonNode> after = new ArrayList<>();
    r.path("after").path("items").forEach(after::add);
    Grid<JsonNode> grid = new Grid<>();
    grid.setId("what-if-after");
    grid.addColumn(i -> change(before, i.path("itemId").asText(), after.indexOf(i))).setHeader("Change").setAutoWidth(true);
    grid.addColumn(i -> i.path("title").asText(i.path("itemId").asText())).setHeader("Item").setAutoWidth(true);
    grid.addColumn(i -> i.path("source").asText()).setHeader("Source").setAutoWidth(true);
    grid.addColumn(i -> i.path("explanation").path("sentence").asText()).setHeader("Why").setFlexGrow(3);
    grid.setItems(after);
    grid.setAllRowsVisible(true);
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    List<String> applied = new ArrayList<>();
    r.path("applied").forEach(a -> applied.add(a.path("type").asText() + " " + a.path("itemId").asText(a.path("text").asText())
        + " → " + a.path("outcome").asText().toLowerCase().replace('_', ' ')));
    long dropped = before.stream().filter(id -> after.stream().noneMatch(i -> id.equals(i.path("itemId").asText()))).count();
    Paragraph summary = new Paragraph("Applied: " + String.join("; ", applied) + ". " + dropped + " of the "
        + before.size() + " items now would leave the list.");
    summary.setId("what-if-summary");
    answer.add(summary, grid);
  }

  static String change(List<String> before, String itemId, int now) {
    int was = before.indexOf(itemId);
    return was < 0 ? "new" : was == now ? "=" : was > now ? "↑" + (was - now) : "↓" + (now - was);
  }

  Registration onRun(ComponentEventListener<RunRequested> listener) {
    return addListener(RunRequested.class, listener);
  }

  static final class RunRequested extends ComponentEvent<WhatIfPanel> {
    RunRequested(WhatIfPanel source) {
      super(source, false);
    }
  }
}
