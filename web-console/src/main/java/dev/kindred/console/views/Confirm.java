package dev.kindred.console.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * Asks before a destructive action (revoke, rotate, erase): what will happen in plain words, any
 * choice the action needs, and a confirm button named after the action. Nothing happens on cancel.
 */
final class Confirm {

  private Confirm() {
  }

  /** Opens the dialog; {@code action} runs only when the person confirms. ids: {@code confirm-<id>}, {@code cancel-<id>}. */
  static Dialog ask(String id, String title, String consequence, String confirmLabel, Runnable action,
      Component... choices) {
    Dialog d = new Dialog();
    d.setId("dialog-" + id);
    d.setHeaderTitle(title);
    Paragraph what = new Paragraph(consequence);
    what.setId("consequence-" + id);
    VerticalLayout body = new VerticalLayout(what);
    body.setPadding(false);
    for (Component c : choices) {
      body.add(c);
    }
    d.add(body);
    Button cancel = new Button("Cancel", e -> d.close());
    cancel.setId("cancel-" + id);
    Button confirm = new Button(confirmLabel, e -> {
      d.close();
      action.run();
    });
    confirm.setId("confirm-" + id);
    confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
    d.getFooter().add(cancel, confirm);
    d.open();
    return d;
  }
}
