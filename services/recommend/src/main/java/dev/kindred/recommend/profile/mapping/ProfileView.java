package dev.kindred.recommend.profile.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindred.recommend.profile.repository.ProfileReader.StoredProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/users/{id}/profile}: the user's interests in words (a category, and the distinctive
 * words of its items as detail) with their weight and share,
 * confidence of the words, the events that shaped each, when and in which context it is active,
 * the short-term (session) interest, and the negatives. Vectors are never shown.
 */
public record ProfileView(String userId, String updatedAt, String lastEventId, List<Interest> interests,
    ShortTerm shortTerm, List<Negative> negatives) {

  public record Interest(int id, List<String> words, List<String> detail, String source, double confidence, double weight,
      double share, boolean muted, int events, String firstSeen, String lastSeen, Map<String, Integer> context,
      List<Support> supportingEvents) {
  }

  public record Support(String type, String itemId, String title, String at) {
  }

  public record ShortTerm(String updatedAt, double weight, Integer nearestInterestId, List<String> words) {
  }

  public record Negative(String reason, String itemId, String title, String at) {
  }

  public static ProfileView of(String userId, StoredProfile stored) {
    JsonNode doc = stored.document();
    double total = 0;
    for (JsonNode c : doc.path("clusters")) {
      total += c.path("weight").asDouble();
    }
    List<Interest> interests = new ArrayList<>();
    Map<Integer, List<String>> wordsById = new LinkedHashMap<>();
    for (JsonNode c : doc.path("clusters")) {
      List<String> words = new ArrayList<>();
      c.path("label").path("words").forEach(w -> words.add(w.asText()));
      List<String> detail = new ArrayList<>();
      c.path("label").path("detail").forEach(w -> detail.add(w.asText()));
      wordsById.put(c.path("id").asInt(), words);
      List<Support> support = new ArrayList<>();
      c.path("support").forEach(s -> support.add(new Support(text(s, "type"), text(s, "itemId"), text(s, "title"),
          text(s, "at"))));
      Map<String, Integer> context = new LinkedHashMap<>();
      c.path("context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asInt()));
      double weight = c.path("weight").asDouble();
      interests.add(new Interest(c.path("id").asInt(), words, detail, text(c.path("label"), "source"),
          c.path("label").path("confidence").asDouble(0), round(weight), total == 0 ? 0 : round(weight / total),
          c.path("muted").asBoolean(), c.path("events").asInt(), text(c, "firstSeen"), text(c, "lastSeen"), context,
          support));
    }
    interests.sort((a, b) -> Double.compare(b.weight(), a.weight()));
    JsonNode session = doc.path("session");
    ShortTerm shortTerm = session.isMissingNode() ? null : new ShortTerm(text(session, "at"),
        round(session.path("weight").asDouble()), stored.sessionInterest(),
        stored.sessionInterest() == null ? List.of() : wordsById.getOrDefault(stored.sessionInterest(), List.of()));
    List<Negative> negatives = new ArrayList<>();
    doc.path("negatives").forEach(n -> negatives.add(new Negative(text(n, "reason"), text(n, "itemId"),
        text(n, "title"), text(n, "at"))));
    return new ProfileView(userId, stored.updatedAt().toString(),
        stored.lastEventId() == null ? null : stored.lastEventId().toString(), interests, shortTerm, negatives);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
