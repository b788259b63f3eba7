package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's interest taxonomy as an editable list (name + the description that is embedded to
 * ground labels). Holds the entries only; saving is the settings page's (one merge patch).
 */
class TaxonomyEditor extends VerticalLayout {

  /** One category. */
  record Entry(String name, String description) {
  }

  private final List<Entry> entries = new ArrayList<>();
  private final Grid<Entry> grid = new Grid<>();

  TaxonomyEditor(JsonNode taxonomy, boolean editable) {
    setPadding(false);
    taxonomy.forEach(t -> entries.add(new Entry(t.path("name").asText(), t.path("description").asText(""))));
    grid.setId("taxonomy");
    grid.addColumn(Entry::name).setHeader("Category").setAutoWidth(true);
    grid.addColumn(Entry::description).setHeader("Description (embedded to ground interest labels)").setFlexGrow(3);
    if (editable) {
      grid.addComponentColumn(e -> {
        Button remove = new Button("Remove", click -> {
          entries.remove(e);
          grid.getDataProvider().refreshAll();
        });
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return remove;
      });
    }
    grid.setItems(entries);
    grid.setAllRowsVisible(true);
    grid.setEmptyStateText("No taxonomy: interests are named by their items' distinctive title words.");
    add(grid);
    if (editable) {
      TextField name = new TextField("Category");
      name.setId("taxonomy-name");
      TextField description = new TextField("Description");
      description.setId("taxonomy-description");
      description.setWidth("30em");
      Button addEntry = new Button("Add category", click -> {
        if (!name.isEmpty()) {
          entries.add(new Entry(name.getValue().trim(), description.getValue().trim()));
          grid.getDataProvider().refreshAll();
          name.clear();
          description.clear();
        }
      });
      addEntry.setId("taxonomy-add");
      HorizontalLayout form = new HorizontalLayout(name, description, addEntry);
      form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
      add(form);
    }
  }

  /** The entries as the settings document holds them. */
  List<Map<String, String>> value() {
    List<Map<String, String>> out = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("description", e.description());
      out.add(m);
    }
    return out;
  }
}
