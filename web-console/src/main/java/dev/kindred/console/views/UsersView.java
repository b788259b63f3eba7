package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.client.ControlException;
import dev.kindred.console.client.RecommendClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One end-user as Kindred understands them: their interests in words (weight, share, confidence,
 * a bar each, supporting events) and their current recommendations, each with its source, the
 * sentence, the events it cites and the score breakdown; a what-if panel; the event timeline for
 * those with the right of access. Every look is audited by recommend.
 */
@Route("users")
@PageTitle("Users · Kindred")
public class UsersView extends TenantView implements HasUrlParameter<String> {

  private final RecommendClient recommend;
  private final dev.kindred.console.client.IngestClient ingest;
  private final TextField userId = new TextField("End-user id");
  private final Div result = new Div();

  public UsersView(ConsoleUser user, ControlClient control, RecommendClient recommend,
      dev.kindred.console.client.IngestClient ingest) {
    super(user, control);
    this.recommend = recommend;
    this.ingest = ingest;
  }

  @Override
  public void setParameter(BeforeEvent event, @OptionalParameter String id) {
    render(this::page);
    if (id != null && !id.isBlank()) {
      userId.setValue(id);
      show(id);
    }
  }

  private Component page() {
    userId.setId("user-id");
    userId.setPlaceholder("e.g. user-00000");
    Button look = new Button("Look up", e -> getUI().ifPresent(ui -> ui.navigate(UsersView.class, userId.getValue())));
    look.setId("look-up");
    look.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    look.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
    HorizontalLayout form = new HorizontalLayout(userId, look);
    form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
    result.setId("user-result");
    result.setWidthFull();
    return new Div(new H2("Users"), form, result);
  }

  private void show(String id) {
    result.removeAll();
    try {
      JsonNode profile = recommend.profile(user.token(), tenantId(), id);
      result.add(new H3("Interests"), interests(profile.path("interests")));
    } catch (ControlException e) {
      if (e.status() != 404) {
        throw e;
      }
      Paragraph none = new Paragraph(e.getMessage());
      none.setId("no-profile");
      result.add(new H3("Interests"), none);
    }
    JsonNode feed = recommend.recommendations(user.token(), tenantId(), id, 10);
    Paragraph note = new Paragraph(feed.path("personalized").asBoolean() ? "Personal recommendations, each with why:"
        : "Not personal (" + feed.path("note").asText() + "): what a new visitor would get.");
    result.add(new H3("Recommendations now"), note, recommendations(feed.path("items")));
    WhatIfPanel whatIf = new WhatIfPanel();
    whatIf.onRun(e -> attempt(null, () -> whatIf.show(recommend.whatIf(user.token(), tenantId(), id, whatIf.hypothesisBody()))));
    result.add(whatIf);
    if (user.any(ConsoleUser.PRIVACY)) {
      // The timeline is the user's own event log: read through the audited right-of-access export.
      JsonNode export = ingest.export(user.token(), tenantId(), id);
      JsonNode consent = export.path("consent");
      Paragraph consentLine = new Paragraph("Consent: personalization " + (consent.path("personalization").asBoolean(true)
          ? "allowed" : "withdrawn") + ", analytics " + (consent.path("analytics").asBoolean(true) ? "allowed" : "withdrawn")
          + ("default".equals(consent.path("source").asText()) ? " (never stated: the default)" : "") + ".");
      consentLine.setId("consent-state");
      result.add(new H3("Consent and recent events"), consentLine, timeline(export.path("events")));
    }
  }

  /** The latest 20 events of the user's stream, newest first (impressions left out: they are lists shown). */
  private Grid<JsonNode> timeline(JsonNode events) {
    List<JsonNode> recent = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0 && recent.size() < 20; i--) {
      if (!"ImpressionLogged".equals(events.get(i).path("type").asText())) {
        recent.add(events.get(i));
      }
    }
    Grid<JsonNode> grid = new Grid<>();
    grid.setId("timeline");
    grid.addColumn(e -> e.path("occurredAt").asText()).setHeader("When").setAutoWidth(true);
    grid.addColumn(e -> e.path("type").asText()).setHeader("Event");
    grid.addColumn(e -> e.path("itemId").asText("")).setHeader("Item");
    grid.addColumn(e -> e.path("payload").path("query").asText(e.path("payload").path("text").asText(""))).setHeader("Words");
    grid.setItems(recent);
    grid.setAllRowsVisible(true);
    grid.setEmptyStateText("No events.");
    return grid;
  }

  private Grid<JsonNode> interests(JsonNode list) {
    Grid<JsonNode> grid = new Grid<>();
    grid.setId("interests");
    grid.addColumn(UsersView::label).setHeader("Interest").setAutoWidth(true);
    grid.addComponentColumn(i -> bar(i.path("share").asDouble())).setHeader("Share");
    grid.addColumn(i -> "%.2f".formatted(i.path("weight").asDouble())).setHeader("Weight");
    grid.addColumn(i -> "%.0f %%".formatted(100 * i.path("confidence").asDouble())).setHeader("Label confidence");
    grid.addColumn(i -> i.path("events").asInt()).setHeader("Events");
    grid.addColumn(i -> cited(i.path("supportingEvents"), 3)).setHeader("Supporting events").setFlexGrow(3);
    grid.setItems(items(list));
    grid.setAllRowsVisible(true);
    grid.setEmptyStateText("No interests yet.");
    return grid;
  }

  private Grid<JsonNode> recommendations(JsonNode list) {
    Grid<JsonNode> grid = new Grid<>();
    grid.setId("recommendations");
    grid.addColumn(r -> r.path("title").asText(r.path("itemId").asText())).setHeader("Item").setAutoWidth(true);
    grid.addColumn(r -> r.path("source").asText()).setHeader("Source").setAutoWidth(true);
    grid.addColumn(r -> r.path("explanation").path("sentence").asText()).setHeader("Why").setFlexGrow(3);
    grid.addColumn(r -> breakdown(r.path("explanation").path("contributions"))).setHeader("Score breakdown").setAutoWidth(true);
    grid.setItems(items(list));
    grid.setAllRowsVisible(true);
    grid.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.setEmptyStateText("Nothing to recommend: the catalogue may still be embedding.");
    return grid;
  }

  /** A bar as wide as the share: the small chart of an interest's weight. */
  private static Component bar(double share) {
    Div bar = new Div();
    bar.getStyle().set("height", "0.8em").set("width", Math.max(2, Math.round(share * 100)) + "px").set("flex", "none")
        .set("background-color", "#1676f3").set("border-radius", "2px");
    HorizontalLayout row = new HorizontalLayout(bar, new Span(Math.round(share * 100) + " %"));
    row.setDefaultVerticalComponentAlignment(Alignment.CENTER);
    return row;
  }

  /** The interest's words (a taxonomy label, or its distinctive title words), and where they came from. */
  private static String label(JsonNode interest) {
    List<String> words = texts(interest.path("words"));
    if (words.isEmpty()) {
      words = texts(interest.path("detail"));
    }
    String source = interest.path("source").asText("");
    return (words.isEmpty() ? "(unnamed)" : String.join(", ", words)) + (source.isEmpty() ? "" : " · " + source);
  }

  private static String breakdown(JsonNode contributions) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = contributions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().asDouble() != 0) {
        out.add(e.getKey() + " " + "%.3f".formatted(e.getValue().asDouble()));
      }
    }
    return String.join(" · ", out);
  }

  private static String cited(JsonNode events, int max) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      if (out.size() == max) {
        break;
      }
      out.add(e.path("type").asText() + " '" + e.path("title").asText(e.path("itemId").asText()) + "'");
    }
    return String.join("; ", out);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<JsonNode> items(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
