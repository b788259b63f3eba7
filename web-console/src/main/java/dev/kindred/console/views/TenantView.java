package dev.kindred.console.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.client.ControlException;
import dev.kindred.console.session.ConsoleUser;
import java.util.function.Supplier;

/**
 * What every tenant page shares: the user, the control client, an empty state when no tenant is
 * visible, and errors shown as notifications in the API's own words (never a stack trace).
 */
abstract class TenantView extends VerticalLayout {

  protected final ConsoleUser user;
  protected final ControlClient control;

  TenantView(ConsoleUser user, ControlClient control) {
    this.user = user;
    this.control = control;
    setPadding(true);
  }

  /** Builds the page for the current tenant, or says there is none. */
  protected void render(Supplier<Component> page) {
    removeAll();
    if (user.tenant() == null) {
      Paragraph empty = new Paragraph(user.has(ConsoleUser.PLATFORM_ADMIN)
          ? "There is no tenant yet: create one on the Get started page."
          : "You do not see any tenant yet. A platform-admin creates tenants; "
          + "ask to be added to your organization in Keycloak.");
      empty.setId("empty-state");
      add(empty);
      return;
    }
    try {
      Component c = page.get();
      if (c instanceof com.vaadin.flow.component.HasSize sized) {
        sized.setWidthFull();
      }
      add(c);
    } catch (ControlException e) {
      add(new Paragraph("This page could not be loaded."));
      error(e);
    }
  }

  /**
   * For pages some roles may not open: forwards anyone without one of {@code roles} to the
   * overview (the URL says where they are), else builds the page.
   */
  protected void renderFor(com.vaadin.flow.router.BeforeEnterEvent event, java.util.Set<String> roles,
      Supplier<Component> page) {
    if (!user.any(roles)) {
      event.forwardTo(OverviewView.class);
      return;
    }
    render(page);
  }

  /** Runs an action, reporting success or the API's refusal. */
  protected boolean attempt(String done, Runnable action) {
    try {
      action.run();
      if (done != null) {
        Notification n = Notification.show(done, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
      }
      return true;
    } catch (ControlException e) {
      error(e);
      return false;
    }
  }

  protected static void error(ControlException e) {
    String what = e.status() == 403 ? "Not allowed: " : e.status() >= 500 ? "Kindred is not answering: " : "";
    Notification n = Notification.show(what + e.getMessage(), 6000, Notification.Position.BOTTOM_START);
    n.addThemeVariants(NotificationVariant.LUMO_ERROR);
  }

  protected String tenantId() {
    return user.tenant().id();
  }
}
