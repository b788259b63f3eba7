package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 4 of onboarding: send one view event for a test user and watch it go from ingest (stored)
 * to the interest-worker (applied to the user's profile). Fires {@link SendRequested}.
 */
class TestEventStep extends VerticalLayout {

  static final String TEST_USER = "kindred-onboarding-check";
  private final Button send = new Button("Send a test event");
  private final Paragraph sent = new Paragraph();
  private final Paragraph arrived = new Paragraph();

  TestEventStep() {
    setPadding(false);
    send.setId("send-test-event");
    send.addClickListener(e -> fireEvent(new SendRequested(this)));
    sent.setId("test-event-sent");
    arrived.setId("test-event-arrived");
    add(new Paragraph("Sends a 'view' of one of your items by the user '" + TEST_USER + "', as your app's SDK "
        + "would, and follows it until the interest-worker has applied it. Erase that user on the Privacy page "
        + "afterwards if you like."), send, sent, arrived);
  }

  void accepted(String itemId, String eventId) {
    send.setEnabled(false);
    sent.setText("Stored by ingest: a view of '" + itemId + "' (event " + eventId + "). Waiting for the worker…");
    arrived.setText("");
  }

  /** The profile now reflects the event. */
  void arrived(JsonNode profile, long millis) {
    List<String> words = new ArrayList<>();
    profile.path("interests").forEach(i -> words.add(String.join(" ", texts(i.path("words")))));
    arrived.setText("Arrived: applied to " + TEST_USER + "'s interest profile " + millis + " ms after it was sent"
        + (words.isEmpty() ? "." : "; interests now: " + String.join(" · ", words) + "."));
    send.setEnabled(true);
  }

  void notArrived(String why) {
    arrived.setText(why);
    send.setEnabled(true);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  Registration onSend(ComponentEventListener<SendRequested> listener) {
    return addListener(SendRequested.class, listener);
  }

  static final class SendRequested extends ComponentEvent<TestEventStep> {
    SendRequested(TestEventStep source) {
      super(source, false);
    }
  }
}
