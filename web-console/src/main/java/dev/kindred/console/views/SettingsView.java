package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's tuning: interest half-life, exploration budget, diversity λ, retention, event-type
 * weights and the interest taxonomy. Everyone
 * of the tenant reads them; only a tenant-admin saves (control validates and audits the change).
 */
@Route("settings")
@PageTitle("Settings · Kindred")
public class SettingsView extends TenantView {

  private final NumberField halfLife = field("interest-half-life", "Interest half-life (days)", 0.01, 3650);
  private final NumberField exploration = field("exploration-budget", "Exploration budget (share of each list)", 0, 0.5);
  private final NumberField diversity = field("diversity-lambda", "Diversity λ (0 relevance only … 1 diversity only)", 0, 1);
  private final NumberField retention = field("retention-days", "Retention (days of behaviour kept)", 1, 3650);
  private final Map<String, NumberField> weights = new LinkedHashMap<>();
  private TaxonomyEditor taxonomy;

  public SettingsView(ConsoleUser user, ControlClient control) {
    super(user, control);
    render(this::page);
  }

  private Component page() {
    JsonNode settings = control.settings(user.token(), tenantId());
    boolean admin = user.any(Set.of(ConsoleUser.TENANT_ADMIN));
    FormLayout weightForm = new FormLayout();
    settings.path("eventWeights").fieldNames().forEachRemaining(type -> {
      NumberField f = field("weight-" + type, type, 0, 100);
      f.setReadOnly(!admin);
      weights.put(type, f);
      weightForm.add(f);
    });
    taxonomy = new TaxonomyEditor(settings.path("taxonomy"), admin);
    show(settings);
    Button save = new Button("Save", e -> save());
    save.setId("save-settings");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.setEnabled(admin);
    for (NumberField f : new NumberField[] {halfLife, exploration, diversity, retention}) {
      f.setReadOnly(!admin);
    }
    Div page = new Div(new H2("Settings"), new FormLayout(halfLife, exploration, diversity, retention),
        new H3("Event weights (how much each kind of behaviour moves an interest)"), weightForm,
        new H3("Interest taxonomy"), taxonomy, save);
    if (!admin) {
      page.add(new Paragraph("Read only: changing settings needs the tenant-admin role."));
    }
    return page;
  }

  private void show(JsonNode s) {
    halfLife.setValue(s.path("interestHalfLifeDays").asDouble());
    exploration.setValue(s.path("explorationBudget").asDouble());
    diversity.setValue(s.path("diversityLambda").asDouble());
    retention.setValue((double) s.path("retentionDays").asInt());
    weights.forEach((type, f) -> f.setValue(s.path("eventWeights").path(type).asDouble()));
  }

  private void save() {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("interestHalfLifeDays", halfLife.getValue());
    patch.put("explorationBudget", exploration.getValue());
    patch.put("diversityLambda", diversity.getValue());
    patch.put("retentionDays", retention.getValue() == null ? null : (int) Math.round(retention.getValue()));
    Map<String, Object> w = new LinkedHashMap<>();
    weights.forEach((type, f) -> w.put(type, f.getValue()));
    patch.put("eventWeights", w);
    // A merge patch replaces arrays whole: the taxonomy is sent as it now stands.
    patch.put("taxonomy", taxonomy.value());
    attempt("Settings saved", () -> show(control.patchSettings(user.token(), tenantId(), patch)));
  }

  private static NumberField field(String id, String label, double min, double max) {
    NumberField f = new NumberField(label);
    f.setId(id);
    f.setMin(min);
    f.setMax(max);
    f.setStep(0.01);
    return f;
  }
}
