package dev.kindred.console.layout;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ServiceInitEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.Logger;

/** An unexpected failure is logged with an id and shown as that id in a notification: no stack trace reaches the page. */
@ApplicationScoped
public class ConsoleErrors {

  private static final Logger LOG = Logger.getLogger(ConsoleErrors.class);

  void install(@Observes ServiceInitEvent event) {
    event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(error -> {
      String id = UUID.randomUUID().toString().substring(0, 8);
      LOG.errorf(error.getThrowable(), "console error %s", id);
      if (UI.getCurrent() != null) {
        Notification n = Notification.show("Something went wrong (reference " + id + "). Try again, or reload the page.",
            6000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
      }
    }));
  }
}
