package dev.kindred.console.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.kindred.console.client.ControlClient;
import dev.kindred.console.client.ControlException;
import dev.kindred.console.client.OnboardingClient;
import dev.kindred.console.session.ConsoleUser;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Onboarding: (1) a platform-admin creates the tenant and sees its admin login and keys once,
 * (2) the SDK snippet with those keys, (3) the catalogue upload with the import job's live
 * progress, (4) a test event followed until the worker has applied it. A tenant-admin starts at
 * step 2 for their own tenant. Progress is fetched by UI polling while something is under way.
 */
@Route("onboarding")
@PageTitle("Get started · Kindred")
public class OnboardingView extends TenantView implements BeforeEnterObserver {

  private static final int POLL_MS = 500;
  private static final long ARRIVAL_TIMEOUT_MS = 60_000;
  private final OnboardingClient onboarding;
  private final String ingestUrl;
  private final String recommendUrl;
  private final Div snippet = new Div();
  private final CatalogueUploadStep upload = new CatalogueUploadStep();
  private final TestEventStep testEvent = new TestEventStep();
  private String jobId;
  private String pendingEventId;
  private long sentAt;
  private Registration polling;

  public OnboardingView(ConsoleUser user, ControlClient control, OnboardingClient onboarding,
      @ConfigProperty(name = "kindred.console.ingest-url") String ingestUrl,
      @ConfigProperty(name = "kindred.console.recommend-url") String recommendUrl) {
    super(user, control);
    this.onboarding = onboarding;
    this.ingestUrl = ingestUrl;
    this.recommendUrl = recommendUrl;
    // Leaving the page ends the polling (the job goes on in ingest; coming back starts afresh).
    addDetachListener(e -> stopPolling(e.getUI()));
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    if (!user.any(Set.of(ConsoleUser.TENANT_ADMIN))) {
      event.forwardTo(OverviewView.class);
      return;
    }
    removeAll();
    add(new H2("Get started"));
    if (user.has(ConsoleUser.PLATFORM_ADMIN)) {
      NewTenantForm form = new NewTenantForm();
      form.onCreate(e -> create(e, form));
      add(new H3("1 · Create the tenant"), form);
    }
    snippet.setId("onboarding-snippet");
    snippet.add(SdkSnippet.of(ingestUrl, recommendUrl, null, null, null));
    upload.onFile(this::importFile);
    testEvent.onSend(e -> sendTestEvent());
    add(new H3("2 · Connect your app"), snippet, new H3("3 · Upload your catalogue"), upload,
        new H3("4 · Send a test event"), testEvent);
    if (user.tenant() != null) {
      add(new Paragraph("Steps 2–4 work on the tenant " + user.tenant().name() + "."));
    }
  }

  private void create(NewTenantForm.CreateEvent e, NewTenantForm form) {
    attempt("Tenant created", () -> {
      JsonNode r = onboarding.createTenant(user.token(), e.name(), e.slug(), e.adminEmail());
      form.done();
      JsonNode t = r.path("tenant");
      user.select(new ConsoleUser.Tenant(t.path("id").asText(), t.path("name").asText(), t.path("slug").asText()));
      Pre once = new Pre("Tenant " + t.path("name").asText() + " (" + t.path("id").asText() + ")\n"
          + "Admin login: " + r.path("admin").path("username").asText() + " / " + r.path("admin").path("password").asText()
          + "\nIngest key (secret):       " + r.path("ingestKey").path("key").asText()
          + "\nServe key (secret):        " + r.path("serveKey").path("key").asText()
          + "\nUser-token secret:         " + r.path("userTokenKey").path("key").asText()
          + "\nPublishable key (pages):   " + r.path("publishableKey").path("key").asText());
      once.setId("onboarding-keys");
      addComponentAtIndex(indexOf(form) + 1, new Div(new Paragraph(r.path("notice").asText()), once));
      snippet.removeAll();
      snippet.add(SdkSnippet.of(ingestUrl, recommendUrl, r.path("ingestKey").path("key").asText(),
          r.path("serveKey").path("key").asText(), r.path("publishableKey").path("key").asText()));
    });
  }

  private void importFile(CatalogueUploadStep.FileReceived e) {
    if (user.tenant() == null) {
      upload.failed("create or choose a tenant first");
      return;
    }
    try {
      JsonNode started = onboarding.importCatalogue(user.token(), tenantId(), e.file,
          CatalogueUploadStep.isCsv(e.fileName));
      jobId = started.path("jobId").asText();
      upload.show(started);
      startPolling();
    } catch (ControlException ex) {
      upload.failed(ex.getMessage());
      error(ex);
    } finally {
      try {
        Files.deleteIfExists(e.file);
      } catch (Exception ignored) {
        // the temp directory is cleaned by the OS; a leftover must not fail the upload
      }
    }
  }

  private void sendTestEvent() {
    if (user.tenant() == null) {
      testEvent.notArrived("Create or choose a tenant first.");
      return;
    }
    attempt(null, () -> {
      String item = onboarding.anyItem(user.token(), tenantId());
      if (item == null) {
        testEvent.notArrived("The catalogue is empty: upload it first (step 3).");
        return;
      }
      String eventId = UUID.randomUUID().toString();
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("eventId", eventId);
      event.put("type", "view");
      event.put("userId", TestEventStep.TEST_USER);
      event.put("itemId", item);
      event.put("context", Map.of("source", "console-onboarding"));
      sentAt = System.currentTimeMillis();
      onboarding.track(user.token(), tenantId(), event);
      pendingEventId = eventId;
      testEvent.accepted(item, eventId);
      startPolling();
    });
  }

  private void startPolling() {
    UI ui = UI.getCurrent();
    if (polling == null && ui != null) {
      ui.setPollInterval(POLL_MS);
      polling = ui.addPollListener(p -> tick());
    }
  }

  private void tick() {
    try {
      if (jobId != null) {
        JsonNode job = onboarding.job(user.token(), tenantId(), jobId);
        upload.show(job);
        if (!"RUNNING".equals(job.path("status").asText())) {
          jobId = null;
        }
      }
      if (pendingEventId != null) {
        JsonNode profile = onboarding.profile(user.token(), tenantId(), TestEventStep.TEST_USER);
        long waited = System.currentTimeMillis() - sentAt;
        if (profile != null && pendingEventId.equals(profile.path("lastEventId").asText())) {
          testEvent.arrived(profile, waited);
          pendingEventId = null;
        } else if (waited > ARRIVAL_TIMEOUT_MS) {
          testEvent.notArrived("Not applied after " + ARRIVAL_TIMEOUT_MS / 1000 + " s: is the interest-worker running?");
          pendingEventId = null;
        }
      }
    } catch (ControlException e) {
      error(e);
      jobId = null;
      pendingEventId = null;
    }
    if (jobId == null && pendingEventId == null) {
      stopPolling(UI.getCurrent());
    }
  }

  private void stopPolling(UI ui) {
    if (polling != null) {
      polling.remove();
      polling = null;
      ui.setPollInterval(-1);
    }
  }
}
