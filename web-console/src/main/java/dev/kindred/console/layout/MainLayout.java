package dev.kindred.console.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Layout;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.session.ConsoleUser;
import dev.kindred.console.session.ConsoleUser.Tenant;
import dev.kindred.console.views.ApiKeysView;
import dev.kindred.console.views.CatalogueView;
import dev.kindred.console.views.DashboardView;
import dev.kindred.console.views.OnboardingView;
import dev.kindred.console.views.OverviewView;
import dev.kindred.console.views.PrivacyView;
import dev.kindred.console.views.SettingsView;
import dev.kindred.console.views.UsersView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Owns navigation: the side menu (only the views the user's roles open), the tenant picker and
 * the logout link. Views talk to their own client; the layout only chooses the tenant.
 */
@Layout
public class MainLayout extends AppLayout implements BeforeEnterObserver {

  private final ComboBox<Tenant> tenants = new ComboBox<>();
  private final ConsoleUser user;
  private final ControlClient control;

  public MainLayout(ConsoleUser user, ControlClient control) {
    this.user = user;
    this.control = control;
    H1 title = new H1("Kindred");
    title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
    tenants.setId("tenant-picker");
    tenants.setPlaceholder("tenant");
    tenants.setWidth("22em");
    tenants.setItemLabelGenerator(Tenant::name);
    tenants.addValueChangeListener(e -> {
      if (e.isFromClient() && e.getValue() != null) {
        user.select(e.getValue());
        getUI().ifPresent(ui -> ui.getPage().reload());
      }
    });
    Span who = new Span(user.name());
    who.setId("user-name");
    Anchor logout = new Anchor("/logout", "Log out");
    logout.setId("logout");
    logout.setRouterIgnore(true);
    HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, tenants);
    header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
    header.setWidthFull();
    Span spacer = new Span();
    header.addAndExpand(spacer);
    header.add(who, logout);
    header.getStyle().set("padding", "0 var(--lumo-space-m)");
    addToNavbar(header);
    addToDrawer(menu());
  }

  private SideNav menu() {
    SideNav nav = new SideNav();
    nav.addItem(new SideNavItem("Overview", OverviewView.class));
    if (user.any(Set.of(ConsoleUser.TENANT_ADMIN))) {
      nav.addItem(new SideNavItem("Get started", OnboardingView.class));
    }
    if (user.any(ConsoleUser.ANALYSTS)) {
      nav.addItem(new SideNavItem("Dashboard", DashboardView.class));
    }
    if (user.any(ConsoleUser.ANALYSTS)) {
      nav.addItem(new SideNavItem("Catalogue", CatalogueView.class));
    }
    nav.addItem(new SideNavItem("Users", UsersView.class));
    nav.addItem(new SideNavItem("Settings", SettingsView.class));
    if (user.any(Set.of(ConsoleUser.TENANT_ADMIN))) {
      nav.addItem(new SideNavItem("API keys", ApiKeysView.class));
    }
    if (user.any(ConsoleUser.PRIVACY)) {
      nav.addItem(new SideNavItem("Privacy", PrivacyView.class));
    }
    return nav;
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    List<Tenant> visible = new ArrayList<>();
    control.tenants(user.token()).forEach(t -> visible.add(Tenant.of(t)));
    tenants.setItems(visible);
    Tenant current = user.tenant();
    if ((current == null || visible.stream().noneMatch(t -> t.id().equals(current.id()))) && !visible.isEmpty()) {
      user.select(visible.get(0));
    }
    tenants.setValue(user.tenant());
  }
}
