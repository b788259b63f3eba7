package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ingest service with the user's token: an end-user's data as the right of access gives it
 * (every event, opened; audited by ingest as an export; tenant-admins and privacy officers), and
 * for onboarding a tenant-admin's catalogue upload, its job's progress and a test event.
 */
@ApplicationScoped
public class IngestClient {

  private final ApiCalls api;
  private final String base;

  public IngestClient(ApiCalls api, @ConfigProperty(name = "kindred.console.ingest-url") String base) {
    this.api = api;
    this.base = ApiCalls.trim(base);
  }

  /** Starts an import job for a CSV or NDJSON file; answers {jobId, status}. */
  public JsonNode importCatalogue(String token, String tenant, java.nio.file.Path file, boolean csv) {
    return api.upload(base + "/v1/items:import", token, tenant, csv ? "text/csv" : "application/x-ndjson", file);
  }

  public JsonNode job(String token, String tenant, String jobId) {
    return api.call(base + "/v1/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8), token, tenant, "GET", null);
  }

  /** One behaviour event, as an app's SDK would send it. */
  public JsonNode track(String token, String tenant, java.util.Map<String, Object> event) {
    return api.call(base + "/v1/events", token, tenant, "POST", event);
  }

  public JsonNode export(String token, String tenant, String userId) {
    return api.call(base + "/v1/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "/export",
        token, tenant, "GET", null);
  }
}
