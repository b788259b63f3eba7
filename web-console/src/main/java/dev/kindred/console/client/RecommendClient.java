package dev.kindred.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The recommend service, called with the user's token for the tenant being looked at: an
 * end-user's profile and their explained recommendations (audited there; never logged as
 * impressions, the end-user was shown nothing).
 */
@ApplicationScoped
public class RecommendClient {

  private final ApiCalls api;
  private final String base;

  public RecommendClient(ApiCalls api, @ConfigProperty(name = "kindred.console.recommend-url") String base) {
    this.api = api;
    this.base = ApiCalls.trim(base);
  }

  public JsonNode profile(String token, String tenant, String userId) {
    return api.call(base + "/v1/users/" + enc(userId) + "/profile", token, tenant, "GET", null);
  }

  public JsonNode recommendations(String token, String tenant, String userId, int count) {
    return api.call(base + "/v1/users/" + enc(userId) + "/recommendations?explain=true&count=" + count, token, tenant,
        "GET", null);
  }

  /** A page of the catalogue ({total, offset, items}); {@code q} filters by id or title. */
  public JsonNode items(String token, String tenant, String q, int offset, int limit) {
    return api.call(base + "/v1/items?offset=" + offset + "&limit=" + limit + (q == null || q.isBlank() ? "" : "&q=" + enc(q)),
        token, tenant, "GET", null);
  }

  public JsonNode similar(String token, String tenant, String itemId, int count) {
    return api.call(base + "/v1/items/" + enc(itemId) + "/similar?count=" + count, token, tenant, "GET", null);
  }

  /** Daily aggregates with differential privacy (tenant-admin, analyst). */
  public JsonNode stats(String token, String tenant, int days) {
    return api.call(base + "/v1/stats?days=" + days, token, tenant, "GET", null);
  }

  /** The feed now and after hypothetical events / a stated interest ({before, after, applied}); nothing stored. */
  public JsonNode whatIf(String token, String tenant, String userId, java.util.Map<String, Object> hypothesis) {
    return api.call(base + "/v1/users/" + enc(userId) + "/what-if", token, tenant, "POST", hypothesis);
  }

  /** Online quality per bucket ("day" with n days, "hour" with n hours): latency, CTR, coverage, diversity, novelty, exploration. */
  public JsonNode quality(String token, String tenant, String bucket, int n) {
    return api.call(base + "/v1/quality?bucket=" + bucket + ("hour".equals(bucket) ? "&hours=" : "&days=") + n, token, tenant,
        "GET", null);
  }

  /** The tenant's sequence models, learned rankers and latest training jobs. */
  public JsonNode models(String token, String tenant) {
    return api.call(base + "/v1/models", token, tenant, "GET", null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
