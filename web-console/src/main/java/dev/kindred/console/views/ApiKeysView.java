package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import java.util.ArrayList;
import java.util.List;

/**
 * API keys: issue (the secret is shown once), list, rotate (a new key of the same scope replaces the
 * old one in one step), revoke. Tenant-admins only (control enforces it).
 */
@Route("keys")
@PageTitle("API keys · Kindred")
public class ApiKeysView extends TenantView implements com.vaadin.flow.router.BeforeEnterObserver {

  private final Grid<JsonNode> grid = new Grid<>();

  public ApiKeysView(ConsoleUser user, ControlClient control) {
    super(user, control);
  }

  @Override
  public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
    renderFor(event, java.util.Set.of(ConsoleUser.TENANT_ADMIN), this::page);
  }

  private Component page() {
    grid.setId("keys");
    grid.addColumn(k -> k.path("keyId").asText()).setHeader("Key id").setAutoWidth(true);
    grid.addColumn(k -> k.path("scope").asText()).setHeader("Scope");
    grid.addColumn(k -> k.path("label").asText()).setHeader("Label");
    grid.addColumn(k -> k.path("createdAt").asText()).setHeader("Created");
    grid.addColumn(k -> k.path("revokedAt").isNull() || k.path("revokedAt").isMissingNode() ? "active" : "revoked "
        + k.path("revokedAt").asText()).setHeader("State");
    grid.addComponentColumn(k -> {
      Button revoke = new Button("Revoke", e -> attempt("Key revoked", () -> {
        control.revokeKey(user.token(), tenantId(), k.path("keyId").asText());
        refresh();
      }));
      revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
      boolean active = k.path("revokedAt").isNull() || k.path("revokedAt").isMissingNode();
      revoke.setEnabled(active);
      Button rotate = new Button("Rotate", e -> attempt(null, () -> {
        showOnce(control.rotateKey(user.token(), tenantId(), k.path("scope").asText(), k.path("label").asText(""),
            k.path("keyId").asText()));
        refresh();
      }));
      rotate.setId("rotate-" + k.path("keyId").asText());
      rotate.addThemeVariants(ButtonVariant.LUMO_SMALL);
      rotate.setEnabled(active);
      return new HorizontalLayout(rotate, revoke);
    });
    grid.setEmptyStateText("No keys yet.");
    grid.setAllRowsVisible(true);
    Select<String> scope = new Select<>();
    scope.setLabel("Scope");
    scope.setItems("ingest", "serve");
    scope.setValue("ingest");
    TextField label = new TextField("Label");
    label.setId("key-label");
    Button issue = new Button("Issue key", e -> attempt(null, () -> {
      JsonNode issued = control.issueKey(user.token(), tenantId(), scope.getValue(), label.getValue());
      showOnce(issued);
      refresh();
    }));
    issue.setId("issue-key");
    issue.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout form = new HorizontalLayout(scope, label, issue);
    form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
    refresh();
    return new Div(new H2("API keys"), form, grid);
  }

  private void refresh() {
    List<JsonNode> keys = new ArrayList<>();
    control.keys(user.token(), tenantId()).forEach(keys::add);
    grid.setItems(keys);
  }

  private void showOnce(JsonNode issued) {
    Dialog d = new Dialog();
    d.setHeaderTitle("Your new " + issued.path("scope").asText() + " key");
    Pre secret = new Pre(issued.path("key").asText());
    secret.setId("new-key");
    d.add(new Paragraph("Copy it now: Kindred keeps only its hash and cannot show it again."), secret);
    Button close = new Button("Done", e -> d.close());
    close.setId("close-key");
    d.getFooter().add(close);
    d.open();
  }
}
