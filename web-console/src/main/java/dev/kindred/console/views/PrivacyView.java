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
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.ArrayList;
import java.util.List;

/**
 * The privacy center: erase an end-user (the request is followed to COMPLETED, with what was
 * removed), the tenant's privacy requests, its retention and suppressed categories, and the audit
 * trail (exports, erasures, setting and key changes, retention purges). Privacy officers and
 * tenant-admins only.
 */
@Route("privacy")
@PageTitle("Privacy · Kindred")
public class PrivacyView extends TenantView implements BeforeEnterObserver {

  private final Grid<JsonNode> requests = new Grid<>();
  private final Grid<JsonNode> audit = new Grid<>();

  public PrivacyView(ConsoleUser user, ControlClient control) {
    super(user, control);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    renderFor(event, ConsoleUser.PRIVACY, this::page);
  }

  private Component page() {
    TextField userId = new TextField("End-user id");
    userId.setId("erase-user");
    userId.setHelperText("Their sealed events become unreadable; profile, vectors and co-visitation share are removed.");
    Button erase = new Button("Erase user", e -> attempt("Erasure requested", () -> {
      control.requestErasure(user.token(), tenantId(), userId.getValue());
      userId.clear();
      refresh();
    }));
    erase.setId("erase");
    erase.addThemeVariants(ButtonVariant.LUMO_ERROR);
    Button reload = new Button("Refresh", e -> refresh());
    reload.setId("refresh");
    HorizontalLayout form = new HorizontalLayout(userId, erase, reload);
    form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);

    requests.setId("requests");
    requests.addColumn(r -> r.path("requestedAt").asText()).setHeader("Requested").setAutoWidth(true);
    requests.addColumn(r -> r.path("kind").asText()).setHeader("Kind");
    requests.addColumn(r -> r.path("status").asText()).setHeader("Status");
    requests.addColumn(r -> r.path("requestedBy").asText()).setHeader("By");
    requests.addColumn(r -> r.path("detail").path("elapsedMs").isMissingNode() ? ""
        : r.path("detail").path("elapsedMs").asLong() + " ms").setHeader("Took");
    requests.setEmptyStateText("No privacy requests yet.");
    requests.setAllRowsVisible(true);
    audit.setId("audit");
    audit.addColumn(a -> a.path("at").asText()).setHeader("When").setAutoWidth(true);
    audit.addColumn(a -> a.path("actor").asText()).setHeader("Who");
    audit.addColumn(a -> a.path("action").asText()).setHeader("What");
    audit.addColumn(a -> a.path("subject").asText("")).setHeader("Subject");
    audit.setEmptyStateText("Nothing audited yet.");
    audit.setAllRowsVisible(true);
    JsonNode s = control.settings(user.token(), tenantId());
    Paragraph policy = new Paragraph("Behaviour is kept " + s.path("retentionDays").asInt()
        + " days (consent records longer). Suppressed categories, never shaping an interest or a recommendation: "
        + (s.path("suppressedCategories").isEmpty() ? "none" : s.path("suppressedCategories").toString()) + ". "
        + ("drop".equals(s.path("eventsWithoutConsent").asText())
            ? "Behaviour of users who withdrew all consent is not stored."
            : "Behaviour of users who withdrew all consent is stored but used for nothing personal or analytic.")
        + " Dashboard counts: differential privacy at ε " + s.path("dashboardEpsilon").asDouble() + ", groups under "
        + s.path("dashboardMinUsers").asInt() + " users hidden.");
    policy.setId("privacy-policy");
    refresh();
    return new Div(new H2("Privacy"), policy, new H3("Erasure"), form, requests, new H3("Audit trail"), audit);
  }

  private void refresh() {
    List<JsonNode> r = new ArrayList<>();
    control.privacyRequests(user.token(), tenantId()).forEach(r::add);
    requests.setItems(r);
    List<JsonNode> a = new ArrayList<>();
    control.audit(user.token(), tenantId()).forEach(a::add);
    audit.setItems(a);
  }
}
