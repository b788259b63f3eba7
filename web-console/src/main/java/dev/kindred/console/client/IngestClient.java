package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ingest service with the user's token: an end-user's data as the right of access gives it
 * (every event, opened; audited by ingest as an export). Tenant-admins and privacy officers only.
 */
@ApplicationScoped
public class IngestClient {

  private final ApiCalls api;
  private final String base;

  public IngestClient(ApiCalls api, @ConfigProperty(name = "kindred.console.ingest-url") String base) {
    this.api = api;
    this.base = ApiCalls.trim(base);
  }

  public JsonNode export(String token, String tenant, String userId) {
    return api.call(base + "/v1/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "/export",
        token, tenant, "GET", null);
  }
}
