package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.client.RecommendClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue as a lazily loaded grid (pages fetched as the user scrolls, so 100k+ items stay
 * fast), searchable by id or title, with each item's embedding status; a row opens the items
 * most similar to it, with their scores.
 */
@Route("catalogue")
@PageTitle("Catalogue · Kindred")
public class CatalogueView extends TenantView implements BeforeEnterObserver {

  private final RecommendClient recommend;
  private final TextField search = new TextField();
  private final Grid<JsonNode> grid = new Grid<>();

  public CatalogueView(ConsoleUser user, ControlClient control, RecommendClient recommend) {
    super(user, control);
    this.recommend = recommend;
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    renderFor(event, ConsoleUser.ANALYSTS, this::page);
  }

  private Component page() {
    search.setId("catalogue-search");
    search.setPlaceholder("Search id or title");
    search.setValueChangeMode(ValueChangeMode.LAZY);
    search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
    grid.setId("catalogue");
    grid.addColumn(i -> i.path("itemId").asText()).setHeader("Item id").setAutoWidth(true);
    grid.addColumn(i -> i.path("title").asText()).setHeader("Title").setFlexGrow(3);
    grid.addColumn(i -> String.join(", ", texts(i.path("categories")))).setHeader("Categories");
    grid.addColumn(i -> i.path("removed").asBoolean() ? "removed" : i.path("embedded").asBoolean() ? "embedded"
        : "waiting for its vector").setHeader("Embedding");
    grid.setItems(query -> page(query.getOffset(), query.getLimit()).stream(),
        query -> (int) Math.min(Integer.MAX_VALUE, recommend.items(user.token(), tenantId(), search.getValue(), 0, 1)
            .path("total").asLong()));
    grid.addItemClickListener(e -> similar(e.getItem()));
    grid.setEmptyStateText("No items: upload a catalogue with PUT /v1/items or an NDJSON import.");
    grid.setHeight("60vh");
    return new Div(new H2("Catalogue"), search, grid);
  }

  private List<JsonNode> page(int offset, int limit) {
    List<JsonNode> out = new ArrayList<>();
    recommend.items(user.token(), tenantId(), search.getValue(), offset, Math.min(limit, 500)).path("items").forEach(out::add);
    return out;
  }

  private void similar(JsonNode item) {
    Dialog d = new Dialog();
    d.setHeaderTitle("Similar to '" + item.path("title").asText() + "'");
    Grid<JsonNode> similar = new Grid<>();
    similar.setId("similar");
    similar.addColumn(s -> s.path("title").asText(s.path("itemId").asText())).setHeader("Item").setFlexGrow(3);
    similar.addColumn(s -> "%.3f".formatted(s.path("score").asDouble())).setHeader("Score");
    List<JsonNode> rows = new ArrayList<>();
    attempt(null, () -> recommend.similar(user.token(), tenantId(), item.path("itemId").asText(), 10).path("items")
        .forEach(rows::add));
    similar.setItems(rows);
    similar.setAllRowsVisible(true);
    similar.setWidth("40em");
    similar.setEmptyStateText("No neighbours yet (the item has no vector).");
    d.add(new Paragraph("Nearest items by embedding (cosine), as the 'similar items' endpoint serves them."), similar);
    Button close = new Button("Close", e -> d.close());
    close.setId("close-similar");
    d.getFooter().add(close);
    d.open();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
