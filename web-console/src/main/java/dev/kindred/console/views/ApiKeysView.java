package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API keys and user-token keys: issue (the secret is shown once), list with when each was last used,
 * rotate with an overlap window (the old key keeps working until its end, so a live app switches
 * without an outage) and revoke — both asked for confirmation first. Tenant-admins only (control
 * enforces it).
 */
@Route("keys")
@PageTitle("API keys · Kindred")
public class ApiKeysView extends TenantView implements com.vaadin.flow.router.BeforeEnterObserver {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  /** Overlap windows a rotation offers, the default first. */
  private static final Map<String, Duration> WINDOWS = new LinkedHashMap<>();

  static {
    WINDOWS.put("24 hours (recommended)", Duration.ofHours(24));
    WINDOWS.put("1 hour", Duration.ofHours(1));
    WINDOWS.put("7 days", Duration.ofDays(7));
    WINDOWS.put("at once (apps still using it break now)", Duration.ZERO);
  }

  private final Grid<JsonNode> grid = new Grid<>();
  private final Grid<JsonNode> tokenGrid = new Grid<>();

  public ApiKeysView(ConsoleUser user, ControlClient control) {
    super(user, control);
  }

  @Override
  public void beforeEnter(com.vaadin.flow.router.BeforeEnterEvent event) {
    renderFor(event, java.util.Set.of(ConsoleUser.TENANT_ADMIN), this::page);
  }

  private Component page() {
    Paragraph kinds = new Paragraph("Secret keys (ingest, serve) stay on your servers: they act for any of your users, "
        + "export and erase their data. A publishable key may sit in your pages and apps: it only tracks events and "
        + "reads recommendations, similar and trending items — for an anonymous visitor, or for the user whose "
        + "short-lived token your backend signed with a user-token key.");
    kinds.setId("key-kinds");
    keyGrid();
    Select<String> scope = new Select<>();
    scope.setId("key-scope");
    scope.setLabel("Kind");
    scope.setItems("ingest", "serve", "publishable");
    scope.setItemLabelGenerator(s -> s.equals("publishable") ? "publishable (pages, apps)" : s + " (secret)");
    scope.setValue("ingest");
    TextField label = new TextField("Label");
    label.setId("key-label");
    Button issue = new Button("Issue key", e -> attempt(null, () -> {
      showOnce(control.issueKey(user.token(), tenantId(), scope.getValue(), label.getValue()));
      refresh();
    }));
    issue.setId("issue-key");
    issue.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    HorizontalLayout form = new HorizontalLayout(scope, label, issue);
    form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
    refresh();
    return new Div(new H2("API keys"), kinds, form, grid, tokenKeys());
  }

  private void keyGrid() {
    grid.setId("keys");
    grid.addColumn(k -> k.path("keyId").asText()).setHeader("Key id").setAutoWidth(true);
    grid.addColumn(k -> k.path("scope").asText().equals("publishable") ? "publishable" : k.path("scope").asText() + " (secret)")
        .setHeader("Kind").setAutoWidth(true);
    grid.addColumn(k -> k.path("label").asText("")).setHeader("Label");
    grid.addColumn(k -> when(k.path("createdAt"))).setHeader("Created").setAutoWidth(true);
    grid.addColumn(k -> k.path("lastUsedAt").isTextual() ? when(k.path("lastUsedAt")) : "never").setHeader("Last used")
        .setAutoWidth(true);
    grid.addColumn(ApiKeysView::state).setHeader("State").setAutoWidth(true);
    grid.addComponentColumn(k -> actions(k.path("keyId").asText(), active(k), () -> rotateKey(k), () -> revokeKey(k)));
    grid.setEmptyStateText("No keys yet.");
    grid.setAllRowsVisible(true);
  }

  private Component tokenKeys() {
    tokenGrid.setId("token-keys");
    tokenGrid.addColumn(k -> k.path("keyId").asText()).setHeader("Key id").setAutoWidth(true);
    tokenGrid.addColumn(k -> k.path("label").asText("")).setHeader("Label");
    tokenGrid.addColumn(k -> when(k.path("createdAt"))).setHeader("Created").setAutoWidth(true);
    tokenGrid.addColumn(ApiKeysView::state).setHeader("State").setAutoWidth(true);
    tokenGrid.addComponentColumn(k -> actions(k.path("keyId").asText(), active(k), () -> rotateTokenKey(k),
        () -> revokeTokenKey(k)));
    tokenGrid.setAllRowsVisible(true);
    tokenGrid.setEmptyStateText("No user-token key: pages can act for anonymous visitors only.");
    TextField label = new TextField("Label");
    label.setId("token-key-label");
    Button issue = new Button("Issue user-token key", e -> attempt(null, () -> {
      showOnce(control.issueTokenKey(user.token(), tenantId(), label.getValue(), null, null));
      refresh();
    }));
    issue.setId("issue-token-key");
    HorizontalLayout form = new HorizontalLayout(label, issue);
    form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
    Paragraph how = new Paragraph("Your backend signs a short-lived token (HS256 JWT: kid = the key id, sub = the user "
        + "id, exp at most 24 h ahead) for each logged-in user with a user-token key's secret; the page sends it with "
        + "the publishable key. Keep the secret on your servers.");
    return new Div(new H3("User-token keys"), how, form, tokenGrid);
  }

  private HorizontalLayout actions(String keyId, boolean active, Runnable rotate, Runnable revoke) {
    Button rotateButton = new Button("Rotate", e -> rotate.run());
    rotateButton.setId("rotate-" + keyId);
    rotateButton.addThemeVariants(ButtonVariant.LUMO_SMALL);
    rotateButton.setEnabled(active);
    Button revokeButton = new Button("Revoke", e -> revoke.run());
    revokeButton.setId("revoke-" + keyId);
    revokeButton.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
    revokeButton.setEnabled(active);
    return new HorizontalLayout(rotateButton, revokeButton);
  }

  private void rotateKey(JsonNode k) {
    String keyId = k.path("keyId").asText();
    Select<String> window = windowChoice();
    Confirm.ask("rotate", "Rotate " + keyId + "?", "A new " + k.path("scope").asText() + " key replaces " + keyId
        + ". The old key keeps working until the end of the window you choose, so apps using it can switch to the new "
        + "one without an outage; after it, the old key is refused.", "Rotate", () -> attempt(null, () -> {
          showOnce(control.rotateKey(user.token(), tenantId(), k.path("scope").asText(), k.path("label").asText(""),
              keyId, Instant.now().plus(WINDOWS.get(window.getValue()))));
          refresh();
        }), window);
  }

  private void revokeKey(JsonNode k) {
    String keyId = k.path("keyId").asText();
    Confirm.ask("revoke", "Revoke " + keyId + "?", keyId + " stops working now: every app or page still using it "
        + "is refused from its next request. To replace a key without an outage, rotate it instead.", "Revoke now",
        () -> attempt("Key revoked", () -> {
          control.revokeKey(user.token(), tenantId(), keyId);
          refresh();
        }));
  }

  private void rotateTokenKey(JsonNode k) {
    String keyId = k.path("keyId").asText();
    Select<String> window = windowChoice();
    Confirm.ask("rotate", "Rotate " + keyId + "?", "A new user-token key replaces " + keyId + ". Tokens signed with "
        + "the old secret are accepted until the end of the window you choose; switch your backend to the new secret "
        + "within it.", "Rotate", () -> attempt(null, () -> {
          showOnce(control.issueTokenKey(user.token(), tenantId(), k.path("label").asText(""), keyId,
              Instant.now().plus(WINDOWS.get(window.getValue()))));
          refresh();
        }), window);
  }

  private void revokeTokenKey(JsonNode k) {
    String keyId = k.path("keyId").asText();
    Confirm.ask("revoke", "Revoke " + keyId + "?", "Tokens signed with " + keyId + " are refused within 15 seconds: "
        + "logged-in users of pages still using them act as anonymous visitors until your backend signs with another key.",
        "Revoke now", () -> attempt("User-token key revoked", () -> {
          control.revokeTokenKey(user.token(), tenantId(), keyId);
          refresh();
        }));
  }

  private static Select<String> windowChoice() {
    Select<String> window = new Select<>();
    window.setId("overlap-window");
    window.setLabel("The old key keeps working for");
    window.setItems(WINDOWS.keySet());
    window.setValue(WINDOWS.keySet().iterator().next());
    return window;
  }

  private void refresh() {
    List<JsonNode> keys = new ArrayList<>();
    control.keys(user.token(), tenantId()).forEach(keys::add);
    grid.setItems(keys);
    List<JsonNode> tokenKeys = new ArrayList<>();
    control.tokenKeys(user.token(), tenantId()).forEach(tokenKeys::add);
    tokenGrid.setItems(tokenKeys);
  }

  private static boolean active(JsonNode k) {
    return !k.path("revokedAt").isTextual() && !(k.path("expiresAt").isTextual()
        && Instant.parse(k.path("expiresAt").asText()).isBefore(Instant.now()));
  }

  /** active; valid until …, replaced by …; revoked … */
  private static String state(JsonNode k) {
    if (k.path("revokedAt").isTextual()) {
      return "revoked " + when(k.path("revokedAt"));
    }
    if (k.path("expiresAt").isTextual()) {
      boolean over = Instant.parse(k.path("expiresAt").asText()).isBefore(Instant.now());
      return (over ? "expired " : "valid until ") + when(k.path("expiresAt"))
          + (k.path("replacedBy").isTextual() ? ", replaced by " + k.path("replacedBy").asText() : "");
    }
    return "active";
  }

  private static String when(JsonNode iso) {
    return iso.isTextual() ? WHEN.format(Instant.parse(iso.asText())) : "";
  }

  private void showOnce(JsonNode issued) {
    Dialog d = new Dialog();
    String scope = issued.path("scope").asText();
    d.setHeaderTitle("Your new " + scope + (scope.equals("user-token") ? " secret" : " key"));
    Pre secret = new Pre(issued.path("key").asText());
    secret.setId("new-key");
    String where = scope.equals("publishable") ? "It may sit in your pages and apps."
        : "It is a secret: keep it on your servers, never in a page or an app.";
    d.add(new Paragraph("Copy it now: Kindred cannot show it again. " + where), secret);
    if (issued.path("replaces").isTextual()) {
      Paragraph old = new Paragraph(issued.path("replaces").asText() + " keeps working until "
          + when(issued.path("oldKeyValidUntil")) + ".");
      old.setId("old-key-until");
      d.add(old);
    }
    Button close = new Button("Done", e -> d.close());
    close.setId("close-key");
    d.getFooter().add(close);
    d.open();
  }
}
