package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.client.RecommendClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last 14 days: active users and events per type, lists served, exploration slots and their
 * clicks — each count with the tenant's differential-privacy noise, small groups not shown — and a
 * server-rendered SVG chart of daily active users (no chart library, no commercial component).
 */
@Route("dashboard")
@PageTitle("Dashboard · Kindred")
public class DashboardView extends TenantView implements BeforeEnterObserver {

  /** One day of the table. */
  public record Day(String day, Long viewers, Long views, Long buyers, Long purchases, Long lists, Long slots, Long clicks) {
  }

  private final RecommendClient recommend;

  public DashboardView(ConsoleUser user, ControlClient control, RecommendClient recommend) {
    super(user, control);
    this.recommend = recommend;
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    renderFor(event, ConsoleUser.ANALYSTS, this::page);
  }

  /** Whether the interest profiles keep up with the events (the worker's lag measurement). */
  private static Component freshness(JsonNode f) {
    long behind = f.path("eventsBehind").asLong();
    Paragraph p = new Paragraph(behind == 0 ? "Interest profiles: up to date with every event."
        : "Interest profiles: %,d events (%.0f s) behind the newest events; recommendations reflect behaviour up to then."
            .formatted(behind, f.path("secondsBehind").asDouble()));
    p.setId("freshness");
    return p;
  }

  private Component page() {
    JsonNode stats = recommend.stats(user.token(), tenantId(), 14);
    List<Day> days = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("daily").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      JsonNode t = d.getValue();
      days.add(new Day(d.getKey(), n(t.path("ItemViewed").path("users")), n(t.path("ItemViewed").path("events")),
          n(t.path("ItemPurchased").path("users")), n(t.path("ItemPurchased").path("events")),
          n(t.path("ImpressionLogged").path("events")), n(t.path("exploration").path("slots")),
          n(t.path("exploration").path("clicks"))));
    }
    Grid<Day> grid = new Grid<>();
    grid.setId("daily");
    grid.addColumn(Day::day).setHeader("Day").setAutoWidth(true);
    grid.addColumn(d -> shown(d.viewers())).setHeader("Users who viewed");
    grid.addColumn(d -> shown(d.views())).setHeader("Views");
    grid.addColumn(d -> shown(d.buyers())).setHeader("Users who bought");
    grid.addColumn(d -> shown(d.purchases())).setHeader("Purchases");
    grid.addColumn(d -> shown(d.lists())).setHeader("Lists served");
    grid.addColumn(d -> shown(d.slots())).setHeader("Exploration slots");
    grid.addColumn(d -> d.slots() == null || d.clicks() == null || d.slots() == 0 ? "–"
        : "%.1f %%".formatted(100.0 * d.clicks() / d.slots())).setHeader("Exploration CTR");
    grid.setItems(days);
    grid.setAllRowsVisible(true);
    grid.setEmptyStateText("No behaviour in the last 14 days.");
    Paragraph note = new Paragraph(stats.path("note").asText() + " “–”: not shown.");
    note.setId("dp-note");
    return new Div(new H2("Dashboard"), freshness(stats.path("freshness")), note, new H3("Users who viewed, per day"), chart(days),
        new H3("Events/s, per day (all types, noised)"), eventsPerSecond(stats.path("daily")), grid,
        new QualityPanel(bucket -> "hour".equals(bucket)
            ? recommend.quality(user.token(), tenantId(), "hour", 48)
            : recommend.quality(user.token(), tenantId(), "day", 14)),
        new ModelsPanel(() -> recommend.models(user.token(), tenantId())));
  }

  /** The day's noised event counts of every type over the seconds of the day (so far, for today). */
  static Html eventsPerSecond(JsonNode daily) {
    List<String> labels = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    for (Iterator<Map.Entry<String, JsonNode>> it = daily.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      double events = 0;
      boolean any = false;
      for (JsonNode cell : d.getValue()) {
        if (cell.path("events").isNumber()) {
          events += Math.max(0, cell.path("events").asDouble());
          any = true;
        }
      }
      double seconds = d.getKey().equals(today.toString())
          ? Math.max(1, java.time.Duration.between(today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
              java.time.Instant.now()).getSeconds())
          : 86_400;
      labels.add(d.getKey().substring(5));
      rates.add(any ? events / seconds : null);
    }
    return SvgChart.bars("events-chart", "events per second per day", labels, rates, "%.4f/s");
  }

  /** Bars of daily viewers (suppressed days drawn as empty slots). */
  static Html chart(List<Day> days) {
    return SvgChart.bars("viewers-chart", "users who viewed per day", days.stream().map(d -> d.day().substring(5)).toList(),
        days.stream().map(d -> d.viewers() == null ? null : d.viewers().doubleValue()).toList(), "%.0f users");
  }

  private static Long n(JsonNode v) {
    return v.isNumber() ? v.asLong() : null;
  }

  private static String shown(Long v) {
    return v == null ? "–" : v.toString();
  }
}
