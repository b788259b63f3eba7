package dev.kindred.ingest.catalogue.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.events.ItemUpserted;
import dev.kindred.ingest.common.Fields;
import dev.kindred.tenancy.FieldError;
import dev.kindred.web.JsonBodies;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one catalogue item. Limits: id ≤256, title ≤500, description ≤10,000 characters,
 * ≤50 categories and ≤100 tags of ≤100 characters, ≤50 attributes, image URL http(s) ≤2,000.
 */
public final class ItemValidator {
  private static final Set<String> ALLOWED = Set.of("id", "title", "description", "categories", "tags",
      "attributes", "available", "imageUrl");

  private ItemValidator() {}

  public record Outcome(ItemUpserted item, List<FieldError> errors) {}

  @SuppressWarnings("unchecked")
  public static Outcome validate(JsonNode node, int index) {
    Fields f = new Fields(node, index);
    if (node == null || !node.isObject()) {
      f.error("", "each item must be a JSON object");
      return new Outcome(null, f.errors());
    }
    f.onlyAllowed(ALLOWED);
    String id = f.id("id", true, 256);
    String title = f.text("title", true, 500);
    String description = f.text("description", false, 10_000);
    List<String> categories = f.strings("categories", 50, 100);
    List<String> tags = f.strings("tags", 100, 100);
    boolean available = f.bool("available", true);
    String imageUrl = f.id("imageUrl", false, 2000);
    if (imageUrl != null && !isHttpUrl(imageUrl)) {
      f.error("imageUrl", "must be an http(s) URL");
    }
    Map<String, Object> attributes = Map.of();
    JsonNode attrs = f.raw("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (!attrs.isObject() || attrs.size() > 50) {
        f.error("attributes", "must be an object of at most 50 entries");
      } else {
        attributes = JsonBodies.MAPPER.convertValue(attrs, Map.class);
      }
    }
    if (!f.ok()) {
      return new Outcome(null, f.errors());
    }
    return new Outcome(new ItemUpserted(id, title, description, categories, tags, attributes, available, imageUrl),
        List.of());
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI u = URI.create(s);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
