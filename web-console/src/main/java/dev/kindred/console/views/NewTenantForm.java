package dev.kindred.console.views;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;

/** Step 1 of onboarding: the new tenant's name, optional slug and first admin's e-mail. Fires {@link CreateEvent}; holds no logic. */
class NewTenantForm extends FormLayout {

  final TextField name = new TextField("Tenant name");
  final TextField slug = new TextField("Slug (optional)");
  final EmailField adminEmail = new EmailField("First admin's e-mail");
  final Button create = new Button("Create tenant");

  NewTenantForm() {
    name.setId("new-tenant-name");
    name.setRequiredIndicatorVisible(true);
    slug.setId("new-tenant-slug");
    slug.setHelperText("3–40 of a–z, 0–9 and '-'; made from the name when empty");
    adminEmail.setId("new-tenant-email");
    adminEmail.setRequiredIndicatorVisible(true);
    adminEmail.setHelperText("Keycloak account of the tenant's first admin; the password is shown once");
    create.setId("create-tenant");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.addClickListener(e -> fireEvent(new CreateEvent(this)));
    add(name, slug, adminEmail, create);
  }

  /** Disables the form once its tenant exists (a second click must not create a second tenant). */
  void done() {
    name.setReadOnly(true);
    slug.setReadOnly(true);
    adminEmail.setReadOnly(true);
    create.setEnabled(false);
  }

  Registration onCreate(ComponentEventListener<CreateEvent> listener) {
    return addListener(CreateEvent.class, listener);
  }

  static final class CreateEvent extends ComponentEvent<NewTenantForm> {
    CreateEvent(NewTenantForm source) {
      super(source, false);
    }

    String name() {
      return getSource().name.getValue();
    }

    String slug() {
      return getSource().slug.getValue();
    }

    String adminEmail() {
      return getSource().adminEmail.getValue();
    }
  }
}
