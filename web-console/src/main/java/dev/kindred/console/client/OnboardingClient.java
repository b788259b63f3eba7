package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the onboarding wizard does, each through the service that owns it with the user's token:
 * create the tenant (control), load its catalogue and send a test event (ingest), and see the
 * event arrive in the user's interest profile (recommend).
 */
@ApplicationScoped
public class OnboardingClient {

  private final ControlClient control;
  private final IngestClient ingest;
  private final RecommendClient recommend;

  public OnboardingClient(ControlClient control, IngestClient ingest, RecommendClient recommend) {
    this.control = control;
    this.ingest = ingest;
    this.recommend = recommend;
  }

  public JsonNode createTenant(String token, String name, String slug, String adminEmail) {
    return control.createTenant(token, name, slug, adminEmail);
  }

  public JsonNode importCatalogue(String token, String tenant, Path file, boolean csv) {
    return ingest.importCatalogue(token, tenant, file, csv);
  }

  public JsonNode job(String token, String tenant, String jobId) {
    return ingest.job(token, tenant, jobId);
  }

  /** The catalogue's first item, or null when it is empty. */
  public String anyItem(String token, String tenant) {
    JsonNode items = recommend.items(token, tenant, null, 0, 1).path("items");
    return items.isEmpty() ? null : items.get(0).path("itemId").asText();
  }

  public JsonNode track(String token, String tenant, Map<String, Object> event) {
    return ingest.track(token, tenant, event);
  }

  /** The user's interest profile, or null while the worker has not built one. */
  public JsonNode profile(String token, String tenant, String userId) {
    try {
      return recommend.profile(token, tenant, userId);
    } catch (ControlException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }
}
