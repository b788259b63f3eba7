package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The tenant at a glance: who you are in it, its key settings, and how an app starts sending to it. */
@Route("")
@PageTitle("Overview · Kindred")
public class OverviewView extends TenantView {

  private final String ingestUrl;
  private final String recommendUrl;

  public OverviewView(ConsoleUser user, ControlClient control,
      @ConfigProperty(name = "kindred.console.ingest-url") String ingestUrl,
      @ConfigProperty(name = "kindred.console.recommend-url") String recommendUrl) {
    super(user, control);
    this.ingestUrl = ingestUrl;
    this.recommendUrl = recommendUrl;
    render(this::page);
  }

  private Component page() {
    JsonNode s = control.settings(user.token(), tenantId());
    Div page = new Div();
    H2 title = new H2(user.tenant().name());
    title.setId("tenant-name");
    page.add(title, new Paragraph("Tenant id " + tenantId() + " · slug " + user.tenant().slug()
        + " · signed in as " + user.name()));
    Paragraph facts = new Paragraph("Interest half-life " + s.path("interestHalfLifeDays").asDouble() + " days · exploration "
        + Math.round(s.path("explorationBudget").asDouble() * 100) + " % · diversity λ " + s.path("diversityLambda").asDouble()
        + " · retention " + s.path("retentionDays").asInt() + " days · " + s.path("rules").size() + " business rules");
    facts.setId("settings-summary");
    page.add(facts);
    page.add(new H3("Send behaviour from your app"));
    page.add(SdkSnippet.of(ingestUrl, recommendUrl, null, null, null));
    page.add(new Paragraph("Keys are issued on the API keys page and shown once."));
    return page;
  }
}
